"""No button that leads nowhere while the course has no public address.

``repository.url`` in ``_config.yml`` starts as a placeholder
(``https://github.com/YOUR-ORG/...``). The theme would still draw the repository button
and the Binder launch button from it: one opens a GitHub 404, the other makes the reader
wait for Binder to fail to find the repository. While the address is the placeholder,
this extension

* leaves those two buttons out of every page (the download buttons stay: a chapter's
  ``.ipynb`` is served by the site itself);
* says so, in a short note under the title of each page that would have had a launch
  button, and of the home page (which tells readers about the rocket button), pointing to
  the other ways of running a chapter.

Once ``repository.url`` is set to a real address, the buttons come back and the note goes.
"""

from __future__ import annotations

from sphinx.application import Sphinx

PLACEHOLDER = "YOUR-ORG"
#: labels of the theme's header buttons that need the repository to exist
NEEDS_REPOSITORY = ("launch-buttons", "source-repository-button", "source-buttons")
NOTE_CLASS = "pl-unpublished"
HOW_TO_RUN = "three-ways-to-use-it"  # the section of index.md that lists the ways to run it


def is_published(repository_url: object) -> bool:
    """True when ``repository_url`` is a real address, not empty and not the placeholder."""
    if repository_url is None:
        return False
    if not isinstance(repository_url, str):
        raise ValueError(
            f"repository_url must be a string (repository.url in _config.yml), "
            f"got {type(repository_url).__name__}"
        )
    url = repository_url.strip()
    return url.startswith(("https://", "http://")) and PLACEHOLDER.lower() not in url.lower()


def note_html(link_to_ways: str) -> str:
    """The note that stands in for the launch button while the course is unpublished."""
    return (
        f'<div class="admonition note {NOTE_CLASS}" role="note">\n'
        '<p class="admonition-title">Not published yet</p>\n'
        "<p>This copy of the course has no public address yet, so its chapters cannot be "
        "opened on Binder. Download a chapter as a notebook (<code>.ipynb</code>, from the "
        "download button at the top) to open it in JupyterLab; "
        f'<a href="{link_to_ways}">Three ways to use it</a> says how.</p>\n'
        "</div>\n"
    )


def without_repository_buttons(buttons: list[dict]) -> tuple[list[dict], bool]:
    """The header buttons less those that need the repository; and whether a launch
    button was among them."""
    kept = [b for b in buttons if b.get("label") not in NEEDS_REPOSITORY]
    had_launch = any(b.get("label") == "launch-buttons" for b in buttons)
    return kept, had_launch


def _after_title(body: str, note: str) -> str:
    end = body.find("</h1>")
    if end < 0:
        return note + body
    end += len("</h1>")
    return body[:end] + "\n" + note + body[end:]


def _on_page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    url = app.config.html_theme_options.get("repository_url")
    if is_published(url) or "header_buttons" not in context:
        return
    kept, had_launch = without_repository_buttons(context["header_buttons"])
    context["header_buttons"][:] = kept
    is_home = pagename == app.config.root_doc
    if (had_launch or is_home) and context.get("body"):
        home = "" if is_home else context["pathto"](app.config.root_doc)
        target = f"{home}#{HOW_TO_RUN}"
        context["body"] = _after_title(context["body"], note_html(target))


def setup(app: Sphinx) -> dict:
    # After the theme has made its buttons (sphinx-book-theme: priority 501).
    app.connect("html-page-context", _on_page_context, priority=600)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
