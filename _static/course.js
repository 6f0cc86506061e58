/* Course behaviour on every page: what the theme and its extensions leave out.
 *
 * 1. Folded solutions (sphinx-exercise dropdowns, folded by sphinx-togglebutton): the
 *    whole title bar opens and closes the solution, wherever it is clicked or tapped
 *    (togglebutton's own handler only knows a few targets and throws on the others), and
 *    the chevron button is named by what it shows ("Show solution to Exercise (...)"),
 *    starting with the hint it displays, so that its name matches its visible text.
 * 2. The chapters and "on this page" buttons say whether their panel is open
 *    (aria-expanded); opening and closing is the theme's own code. Keyboard focus stays
 *    on (or comes back to) the header button that was pressed.
 */
(function () {
  "use strict";

  function ready(callback) {
    if (document.readyState !== "loading") {
      callback();
    } else {
      document.addEventListener("DOMContentLoaded", callback);
    }
  }

  // --- 1. solutions -------------------------------------------------------------
  function titleText(title, button) {
    var text = "";
    title.childNodes.forEach(function (node) {
      if (node !== button) { text += node.textContent; }
    });
    text = text.replace(/\s+/g, " ").trim();
    return text.charAt(0).toLowerCase() + text.slice(1);
  }

  function nameButton(title, button) {
    var hint = button.dataset.toggleHint || "Show";
    button.setAttribute("aria-label", hint + " " + titleText(title, button));
  }

  function flip(admonition, button) {
    var hidden = admonition.classList.toggle("toggle-hidden");
    button.classList.toggle("toggle-button-hidden", hidden);
    button.setAttribute("aria-expanded", String(!hidden));
    // toggleHintShow and toggleHintHide: togglebutton_hint(_hide) in _config.yml
    /* global toggleHintShow, toggleHintHide */
    var show = typeof toggleHintShow === "string" ? toggleHintShow : "Show";
    var hide = typeof toggleHintHide === "string" ? toggleHintHide : "Hide";
    button.dataset.toggleHint = hidden ? show : hide;
  }

  function setUpSolutions() {
    document.querySelectorAll(".admonition.toggle > .admonition-title").forEach(function (title) {
      var button = title.querySelector("button.toggle-button");
      if (!button || title.dataset.plToggle) { return; }
      title.dataset.plToggle = "1";
      if (typeof window.toggleClickHandler === "function") {
        title.removeEventListener("click", window.toggleClickHandler);
      }
      title.addEventListener("click", function (event) {
        if (event.target.closest("a[href]")) { event.preventDefault(); }
        flip(title.parentElement, button);
        nameButton(title, button);
      });
      nameButton(title, button);
    });
  }

  // --- 2. drawers -----------------------------------------------------------------
  // In the page (wide screens) rather than off-screen waiting to be moved into its dialog.
  function inPage(element) {
    var style = getComputedStyle(element);
    return style.display !== "none" && style.position !== "fixed" &&
      element.getBoundingClientRect().width > 0 && !element.classList.contains("pst-sidebar-hidden");
  }

  function setUpDrawers() {
    [
      ["primary", "pst-primary-sidebar"],
      ["secondary", "pst-secondary-sidebar"],
    ].forEach(function (pair) {
      var toggle = document.querySelector(".bd-header-article ." + pair[0] + "-toggle");
      var sidebar = document.getElementById(pair[1]);
      var dialog = document.getElementById(pair[1] + "-modal");
      if (!toggle || !sidebar || !dialog) { return; }
      function update() {
        toggle.setAttribute("aria-expanded", String(dialog.open || inPage(sidebar)));
      }
      // Capture on the document: the theme's own handlers on the button stop the event.
      document.addEventListener("click", function (event) {
        if (toggle.contains(event.target)) { window.setTimeout(update, 0); }
      }, true);
      dialog.addEventListener("close", function () {
        // After the theme has moved the panel back from the dialog to the page.
        window.setTimeout(function () {
          update();
          // The theme blurs the button on click, so it cannot give focus back by itself.
          if (document.activeElement === document.body) { toggle.focus(); }
        }, 0);
      });
      window.addEventListener("resize", update);
      update();
    });
  }

  // The theme blurs these buttons when they are clicked (to hide their tooltip); a reader
  // who pressed Enter or Space would lose their place, so focus comes back to the button
  // unless a dialog took it.
  function keepKeyboardFocus() {
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest(
        ".bd-header-article .primary-toggle, .bd-header-article .secondary-toggle, .theme-switch-button");
      if (!button || event.detail !== 0) { return; }
      window.setTimeout(function () {
        if (document.activeElement === document.body && !document.querySelector("dialog[open]")) {
          button.focus();
        }
      }, 0);
    }, true);
  }

  ready(function () {
    setUpSolutions();
    setUpDrawers();
    keepKeyboardFocus();
    // If this script ever ran before togglebutton.js made its buttons, try once more.
    if (document.querySelector(".admonition.dropdown:not(.toggle)")) {
      window.addEventListener("load", setUpSolutions);
    }
  });
})();
