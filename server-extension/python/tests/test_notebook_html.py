"""The output-notebook page: sanitised by nh3, whatever the notebook holds (pure Python, no servers)."""
from __future__ import annotations

import re

import nbformat
import pytest

from lakehouse_jupyter.jobs_service import ServiceEndpoint, spark_jvm_flags
from lakehouse_jupyter.notebook_html import OUTPUT_CSP, render_notebook, sanitize


@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<svg onload="alert(1)"><circle/></svg>',
    '<iframe src="https://example.org"></iframe>',
    '<object data="x.swf"></object>',
    '<form action="/lakehouse/api/jobs"><button>go</button></form>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<div onclick="alert(1)" onmouseover="alert(1)">x</div>',
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    '<base href="https://example.org/">',
])
def test_active_content_is_removed(hostile):
    clean = sanitize(f"<p>before</p>{hostile}<p>after</p>").lower()
    for marker in ("<script", "onerror", "onload", "onclick", "onmouseover", "javascript:", "<iframe", "<object",
                   "<form", "data:text/html", "<meta", "<base", "alert(1)"):
        assert marker not in clean, f"{marker!r} survived in {clean!r}"
    assert "before" in clean and "after" in clean


def test_plots_tables_and_styles_survive():
    html = ('<style>.x{color:red}</style><table class="dataframe"><tr><th>a</th></tr><tr><td>1</td></tr></table>'
            '<img src="data:image/png;base64,iVBORw0KGgo=" alt="plot"><a href="https://spark.apache.org">docs</a>')
    clean = sanitize(html)
    assert '<table class="dataframe">' in clean
    assert 'src="data:image/png;base64,iVBORw0KGgo="' in clean
    assert "<style>.x{color:red}</style>" in clean
    assert 'href="https://spark.apache.org"' in clean and 'rel="noopener noreferrer"' in clean


def test_a_whole_notebook_with_hostile_outputs_renders_inert():
    cell = nbformat.v4.new_code_cell("displayHtml(...)")
    cell.outputs = [
        nbformat.v4.new_output("display_data", {"text/html": "<b id='kept'>ok</b><script>document.title='x'</script>",
                                                "text/plain": "ok"}),
        nbformat.v4.new_output("stream", name="stdout", text="<img src=x onerror=alert(1)>\n"),
        nbformat.v4.new_output("display_data", {"application/javascript": "document.title='js'"}),
    ]
    page = render_notebook(nbformat.writes(nbformat.v4.new_notebook(cells=[cell])))
    lower = page.lower()
    assert "<script" not in lower
    assert not re.search(r"<[^>]*\son[a-z]+\s*=", lower)  # no event-handler attribute on any tag
    assert "document.title='js'" not in page
    assert 'id="kept"' in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page  # printed text stays text
    assert page.startswith("<!DOCTYPE html>")


def test_output_policy_allows_no_script_and_sandboxes_the_page():
    directives = dict(d.strip().split(" ", 1) if " " in d.strip() else (d.strip(), "") for d in OUTPUT_CSP.split(";"))
    assert directives["default-src"] == "'none'"
    assert "script-src" not in directives
    assert "sandbox" in directives and directives["sandbox"] == ""


def test_service_endpoint_never_shows_its_token():
    endpoint = ServiceEndpoint("http://127.0.0.1:1", "super-secret-token-value")
    assert "super-secret" not in repr(endpoint) and "super-secret" not in str(endpoint)


def test_jvm_flags_come_from_the_root_pom():
    flags = spark_jvm_flags()
    assert "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED" in flags
    assert all(flag.startswith("-") for flag in flags)
