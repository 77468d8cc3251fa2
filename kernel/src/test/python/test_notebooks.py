"""Acceptance 3: shipped notebooks execute headless with nbconvert and hold the expected outputs;
a notebook with a failing cell makes nbconvert fail and shows the error."""
from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from kernel_harness import KERNEL_NAME

# Every notebook under notebooks/ that CI executes. Add new ones here.
NOTEBOOKS = ["quickstart.ipynb"]

RESOURCES = Path(__file__).parent / "resources"
NBCONVERT_TIMEOUT = 900


@dataclass
class ExecutedNotebook:
    process: subprocess.CompletedProcess
    output: Path

    def read(self) -> nbformat.NotebookNode:
        return nbformat.read(self.output, as_version=4)

    def outputs(self) -> list[dict]:
        return [o for cell in self.read().cells if cell.cell_type == "code" for o in cell.get("outputs", [])]

    def data_of(self, mime: str) -> list:
        return [o["data"][mime] for o in self.outputs() if mime in o.get("data", {})]


def nbconvert_execute(jupyter_bin: Path, notebook: Path, out_dir: Path) -> ExecutedNotebook:
    output = out_dir / notebook.name
    process = subprocess.run(
        [str(jupyter_bin), "nbconvert", "--to", "notebook", "--execute", str(notebook),
         "--output-dir", str(out_dir), "--output", notebook.name,
         f"--ExecutePreprocessor.kernel_name={KERNEL_NAME}", "--ExecutePreprocessor.timeout=600"],
        capture_output=True, text=True, timeout=NBCONVERT_TIMEOUT,
    )
    return ExecutedNotebook(process, output)


@pytest.fixture(scope="module")
def executed(jupyter_bin: Path, repo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], ExecutedNotebook]:
    """Executes each shipped notebook once per test run, however many tests look at it."""
    cache: dict[str, ExecutedNotebook] = {}
    out_dir = tmp_path_factory.mktemp("executed-notebooks")

    def run(name: str) -> ExecutedNotebook:
        if name not in cache:
            cache[name] = nbconvert_execute(jupyter_bin, repo_root / "notebooks" / name, out_dir)
        return cache[name]

    return run


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_executes_headless(name: str, executed: Callable[[str], ExecutedNotebook]) -> None:
    result = executed(name)
    assert result.process.returncode == 0, result.process.stderr[-5000:]
    errors = [o for o in result.outputs() if o["output_type"] == "error"]
    assert errors == []


def test_quickstart_shows_java_values_tables_and_charts(executed: Callable[[str], ExecutedNotebook]) -> None:
    result = executed("quickstart.ipynb")
    assert result.process.returncode == 0, result.process.stderr[-5000:]

    plain = "\n".join(result.data_of("text/plain"))
    assert "42" in plain, "the Java value cell"
    streams = "".join(o["text"] for o in result.outputs() if o["output_type"] == "stream")
    assert "Hello from Java" in streams

    tables = [html for html in result.data_of("text/html") if "<table" in html and "Bergen" in html]
    assert tables, "no Spark Dataset rendered as an HTML table"
    assert any("460000" in html for html in tables), "the Delta table read back (with its meters column)"
    assert result.data_of("text/markdown"), "no Markdown display"

    charts = result.data_of("application/vnd.vegalite.v5+json")
    assert charts and charts[0]["mark"] in ("bar", {"type": "bar"})
    assert "%lsmagic" in plain or "lsmagic" in plain + streams + "\n".join(result.data_of("text/html"))


def test_failing_cell_fails_nbconvert_and_shows_the_error(jupyter_bin: Path, tmp_path: Path) -> None:
    result = nbconvert_execute(jupyter_bin, RESOURCES / "failing_cell.ipynb", tmp_path)
    assert result.process.returncode != 0
    assert "IllegalStateException" in result.process.stderr
    assert "deliberate failure in cell 2" in result.process.stderr
