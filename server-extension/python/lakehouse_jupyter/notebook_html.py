"""A task's output notebook as inert HTML: nbconvert renders it, nh3 (Ammonia) strips everything active.

Three layers keep a notebook's `<script>`, `onerror=` or `javascript:` from running in the dashboard:
this sanitiser, the page's Content-Security-Policy (`OUTPUT_CSP`, with `sandbox` and no script source),
and the dashboard's `<iframe sandbox>` that shows it.
"""
from __future__ import annotations

import nbformat
import nh3

# No script source at all; inline styles only (nbconvert's theme); images only from data: URLs.
OUTPUT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
              "form-action 'none'; base-uri 'none'; frame-ancestors 'self'; sandbox")

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details", "div", "dl",
    "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
    "main", "mark", "ol", "p", "pre", "q", "s", "samp", "section", "small", "span", "strong", "style", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var", "title", "head",
    "body", "html",
}
_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "style", "align"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}


def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    # data: URLs only as image sources (output plots); a link to data:text/html could carry a page.
    if attribute in ("href", "src") and value.strip().lower().startswith("data:"):
        return value if element == "img" and value.strip().lower().startswith("data:image/") else None
    return value


def sanitize(html: str) -> str:
    """Keeps structure, classes and CSS; drops scripts (with their text), event handlers, forms, frames,
    objects, and javascript: URLs."""
    return nh3.clean(
        html,
        tags=_TAGS,
        clean_content_tags={"script", "noscript", "iframe", "object", "embed", "template"},
        attributes=_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes={"http", "https", "mailto", "data"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render_notebook(notebook_json: str) -> str:
    """The notebook as a sanitised, self-contained HTML page (nbconvert's lab template)."""
    # Imported here: nbconvert is slow to import and only this page needs it.
    from nbconvert import HTMLExporter

    notebook = nbformat.reads(notebook_json, as_version=4)
    exporter = HTMLExporter(template_name="lab")
    body, _ = exporter.from_notebook_node(notebook)
    # Ammonia cleans a fragment (html/head/body go); the page shell and the body's theme class are ours.
    return ('<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head>\n'
            '<body class="jp-Notebook" data-jp-theme-light="true" data-jp-theme-name="JupyterLab Light">\n'
            + sanitize(body) + "\n</body></html>\n")
