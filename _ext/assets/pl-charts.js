/* pl-charts.js: the course's charts, made live. Served by the course's own site.
 *
 * Every chart of the website arrives as a finished drawing (SVG) in the page, written
 * when the book was built (policing_lab/charts/_prerender.py). A chart the reader can
 * change carries its Vega specification as JSON and ordinary form controls. This script
 * loads the site's copy of vega (never another host) only when the reader reaches for
 * such a chart (pointer over it, finger on it, keyboard in its controls), then redraws it
 * live whenever a control moves.
 * Without this script, or without vega, every chart still shows its first state.
 */
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  var vegaUrl = new URL("vega.min.js", here || document.baseURI).href;
  var loading = null;

  function loadVega() {
    if (window.vega && window.vega.View) return Promise.resolve(window.vega);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = vegaUrl;
        tag.async = true;
        tag.onload = function () {
          if (window.vega && window.vega.View) resolve(window.vega);
          else reject(new Error("the chart library did not start"));
        };
        tag.onerror = function () {
          reject(new Error("the course's copy of the chart library could not be loaded"));
        };
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  function shownView(figure) {
    var views = figure.querySelectorAll(".pl-chart__view");
    for (var i = 0; i < views.length; i++) {
      if (window.getComputedStyle(views[i]).display !== "none") return views[i];
    }
    return views[0];
  }

  /* The values the controls hold now, as the chart's parameters expect them. */
  function values(figure) {
    var signals = JSON.parse(figure.getAttribute("data-signals") || "{}");
    var result = {};
    Object.keys(signals).forEach(function (name) {
      var kind = signals[name];
      if (kind.type === "range") {
        var range = figure.querySelector('input[type="range"][name="' + name + '"]');
        if (range) result[name] = Number(range.value);
      } else if (kind.type === "radio") {
        var checked = figure.querySelector(
          'input[type="radio"][name="' + figure.id + "-" + name + '"]:checked');
        result[name] = kind.options[checked ? Number(checked.value) : 0];
      }
    });
    return result;
  }

  function decimals(step) {
    var text = String(step);
    return text.indexOf(".") < 0 ? 0 : text.length - text.indexOf(".") - 1;
  }

  function showValue(input) {
    var output = input.parentNode.querySelector("output");
    if (output) output.textContent = Number(input.value).toFixed(decimals(input.step || 1));
  }

  function setAll(live, current) {
    Object.keys(current).forEach(function (name) { live.signal(name, current[name]); });
    return live.runAsync();
  }

  /* Draw one layout of a figure live, in place of its pre-drawn SVG. */
  function drawLive(figure, view) {
    if (view.plLive) return view.plLive;
    var json = view.querySelector("script.pl-chart__spec");
    if (!json) return Promise.reject(new Error("this chart has no live version"));
    view.plLive = loadVega().then(function (vega) {
      var holder = document.createElement("div");
      holder.className = "pl-chart__live";
      var spec = JSON.parse(json.textContent);
      var shared = figure.querySelector("script.pl-chart__data");
      if (shared) {
        // The layouts share their data tables (see _share_data in _prerender.py).
        var tables = JSON.parse(shared.textContent);
        (spec.data || []).forEach(function (table) {
          if (table.values && table.values["pl-data"]) table.values = tables[table.values["pl-data"]];
        });
      }
      var live = new vega.View(vega.parse(spec), {
        renderer: "svg", container: holder, hover: true
      });
      return setAll(live, values(figure)).then(function () {
        var svg = holder.querySelector("svg");
        if (svg) { svg.setAttribute("aria-hidden", "true"); svg.setAttribute("focusable", "false"); }
        var drawn = view.querySelector(":scope > svg");
        if (drawn) view.replaceChild(holder, drawn); else view.insertBefore(holder, json);
        figure.setAttribute("data-state", "live");
        return live;
      });
    });
    view.plLive.catch(function (err) { fail(figure, err); view.plLive = null; });
    return view.plLive;
  }

  function fail(figure, err) {
    figure.setAttribute("data-state", "error");
    var note = figure.querySelector(".pl-chart__error");
    if (!note) {
      note = document.createElement("p");
      note.className = "pl-chart__error";
      note.setAttribute("role", "status");
      var controls = figure.querySelector(".pl-chart__controls");
      figure.insertBefore(note, controls ? controls.nextSibling : null);
    }
    note.textContent = "This chart cannot change right now (" + err.message +
      "); it shows its first state.";
  }

  function activate(figure) {
    return drawLive(figure, shownView(figure));
  }

  function update(figure) {
    var current = values(figure);
    figure.querySelectorAll(".pl-chart__view").forEach(function (view) {
      if (view.plLive) view.plLive.then(function (live) { return setAll(live, current); });
    });
    activate(figure).then(function (live) { return setAll(live, current); }, function () {});
  }

  function wire(figure) {
    var onInput = function (event) {
      if (!event.target.closest(".pl-control")) return;
      if (event.target.type === "range") showValue(event.target);
      update(figure);
    };
    figure.addEventListener("input", onInput);
    figure.addEventListener("change", onInput);
    var soon = function () { activate(figure).catch(function () {}); };
    figure.addEventListener("pointerenter", soon, { once: true });
    figure.addEventListener("focusin", soon, { once: true });
    figure.addEventListener("touchstart", soon, { once: true, passive: true });
  }

  function start() {
    var figures = Array.prototype.slice.call(
      document.querySelectorAll(".pl-chart[data-signals]"));
    if (!figures.length) return;
    // Nothing is fetched while the reader only reads: the pre-drawn SVG already shows the
    // first state. A pointer over a chart, a finger on it or the keyboard in its controls
    // starts loading vega, so that it is usually ready by the time a control moves.
    figures.forEach(wire);
    // Turning a phone can swap a chart's layout: draw the newly shown one live too.
    var timer = null;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        figures.forEach(function (figure) {
          if (figure.getAttribute("data-state") === "live") update(figure);
        });
      }, 150);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
