"""`lakehouse run` and papermill, driven as a user drives them: the `./lakehouse` command and the
`papermill` CLI on notebooks written by the test (issue 7, acceptance 2 to 4).

`./lakehouse run` uses server-extension/target/lakehouse-cli.jar (built by `./lakehouse test`);
LAKEHOUSE_CLI_JAR points it at another build. papermill runs the installed kernelspec
(LAKEHOUSE_TEST_KERNEL, default lakehouse-java).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

REPO_ROOT = Path(__file__).resolve().parents[4]
LAKEHOUSE = REPO_ROOT / "lakehouse"
KERNEL_NAME = os.environ.get("LAKEHOUSE_TEST_KERNEL", "lakehouse-java")


def notebook(path: Path, cells: list[tuple[str, list[str]]]) -> Path:
    """Writes a Java notebook of (source, tags) code cells."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "lakehouse-java", "display_name": "Java (Lakehouse)", "language": "java"}
    nb.metadata["language_info"] = {"name": "java"}
    for source, tags in cells:
        cell = nbformat.v4.new_code_cell(source)
        if tags:
            cell.metadata["tags"] = tags
        nb.cells.append(cell)
    nbformat.write(nb, path)
    return path


def lakehouse_run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LAKEHOUSE_HOME": str(tmp_path / "home")}
    return subprocess.run([str(LAKEHOUSE), "run", *args], capture_output=True, text=True, timeout=300, env=env)


def run_metadata(cell: dict) -> dict:
    return cell["metadata"]["lakehouse_run"]


def stdout_of(cell: dict) -> str:
    texts = [o.get("text", "") for o in cell.get("outputs", []) if o.get("name") == "stdout"]
    return "".join("".join(t) if isinstance(t, list) else t for t in texts)  # raw JSON keeps lines as lists


PARAMETERS = (
    'String who = "nobody";\nint n = 1;\ndouble ratio = 0.5;\nboolean loud = false;\n'
    'LocalDate day = LocalDate.of(2024, 1, 1);\nList<String> tags = List.of("a");'
)


@pytest.fixture
def parameterized(tmp_path: Path) -> Path:
    marker = tmp_path / "side-effect.txt"
    return notebook(tmp_path / "report.ipynb", [
        (PARAMETERS, ["parameters"]),
        (f'Files.writeString(Path.of("{marker}"), "ran");', []),
        ('String line = who + ":" + (n * 10) + ":" + (ratio * 2) + ":" + loud + ":" + day.plusDays(1) + ":" + tags;\n'
         "System.out.println(line);", []),
    ])


def test_run_injects_typed_declarations_and_results_reflect_them(tmp_path: Path, parameterized: Path) -> None:
    out = tmp_path / "out.ipynb"
    result = lakehouse_run(tmp_path, str(parameterized), "-p", "who=Ada \"Lovelace\"", "-p", "n=5",
                           "-p", "ratio=1.25", "-p", "loud=true", "-p", "day=2024-06-01", "-p", "tags=x,y",
                           "--output", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    cells = nbformat.read(out, as_version=4).cells
    injected = cells[1]
    assert "injected-parameters" in injected.metadata["tags"]
    declarations = [line.strip() for line in injected.source.splitlines() if not line.startswith("//")]
    assert declarations == ['String who = "Ada \\"Lovelace\\"";', "int n = 5;", "double ratio = 1.25;",
                            "boolean loud = true;", "LocalDate day = LocalDate.of(2024, 6, 1);",
                            'List<String> tags = List.of("x", "y");'], injected.source
    assert stdout_of(cells[-1]).strip() == 'Ada "Lovelace":50:2.5:true:2024-06-02:[x, y]'
    assert [run_metadata(c)["status"] for c in cells] == ["ok"] * len(cells)


def test_a_value_that_does_not_fit_its_type_fails_before_any_cell_runs(tmp_path: Path, parameterized: Path) -> None:
    out = tmp_path / "out.ipynb"
    result = lakehouse_run(tmp_path, str(parameterized), "-p", "n=five", "--output", str(out))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "n" in result.stderr and "int" in result.stderr and "five" in result.stderr, result.stderr
    assert not (tmp_path / "side-effect.txt").exists(), "a cell ran although a parameter was invalid"


def test_an_unknown_parameter_is_refused_with_the_declared_names(tmp_path: Path, parameterized: Path) -> None:
    result = lakehouse_run(tmp_path, str(parameterized), "-p", "m=5", "--output", str(tmp_path / "out.ipynb"))
    assert result.returncode == 2
    assert "m" in result.stderr and "who" in result.stderr, result.stderr
    assert not (tmp_path / "side-effect.txt").exists()


def test_a_failing_cell_is_marked_the_rest_not_run_and_the_exit_code_is_non_zero(tmp_path: Path) -> None:
    source = notebook(tmp_path / "failing.ipynb", [
        ("int before = 41;", []),
        ('if (before == 41) throw new IllegalStateException("bad input row 7");', []),
        ("System.out.println(\"never\");", []),
    ])
    out = tmp_path / "failing.out.ipynb"
    result = lakehouse_run(tmp_path, str(source), "--output", str(out))
    assert result.returncode == 1, result.stdout + result.stderr
    cells = nbformat.read(out, as_version=4).cells
    assert [run_metadata(c)["status"] for c in cells] == ["ok", "failed", "not_run"]
    failed = cells[1]
    assert run_metadata(failed)["error"] == {"ename": "java.lang.IllegalStateException", "evalue": "bad input row 7"}
    assert any(o["output_type"] == "error" and o["ename"].endswith("IllegalStateException") for o in failed.outputs)
    assert cells[2].outputs == []
    assert "bad input row 7" in result.stdout + result.stderr  # progress on the console names the failure


def test_one_task_of_a_cell_tagged_notebook(tmp_path: Path) -> None:
    source = notebook(tmp_path / "tasks.ipynb", [
        ('String greeting = "hi";', ["setup"]),
        ('System.out.println(greeting + " from ingest");', ["task=ingest"]),
        ('System.out.println(greeting + " from report");', ["task=report", "depends=ingest"]),
    ])
    out = tmp_path / "tasks.out.ipynb"
    result = lakehouse_run(tmp_path, str(source), "--task", "report", "--output", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    printed = "".join(stdout_of(c) for c in nbformat.read(out, as_version=4).cells)
    assert "hi from report" in printed and "hi from ingest" not in printed


def test_papermill_runs_a_parameterized_notebook_on_the_kernel_with_typed_java(tmp_path: Path, parameterized: Path) -> None:
    out = tmp_path / "papermill.out.ipynb"
    papermill = Path(sys.executable).parent / "papermill"
    env = {**os.environ, "LAKEHOUSE_HOME": str(tmp_path / "home"), "LAKEHOUSE_SPARK_MASTER": "local[2]"}
    result = subprocess.run(
        [str(papermill), str(parameterized), str(out), "-k", KERNEL_NAME,
         "-p", "who", "Grace", "-p", "n", "7", "-p", "ratio", "0.75", "-p", "loud", "True", "-y", "tags: [p, q]"],
        capture_output=True, text=True, timeout=300, env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    cells = json.loads(out.read_text())["cells"]
    injected = next(c for c in cells if "injected-parameters" in c["metadata"].get("tags", []))
    assert sorted("".join(injected["source"]).splitlines()[1:]) == sorted([
        'String who = "Grace";', "int n = 7;", "double ratio = 0.75;", "boolean loud = true;",
        'java.util.List<String> tags = java.util.List.of("p", "q");',
    ])
    assert stdout_of(cells[-1]).strip() == "Grace:70:1.5:true:2024-01-02:[p, q]"


JIT_PROBE = (
    'var jvm = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();\n'
    'System.out.println("c1-only=" + jvm.contains("-XX:TieredStopAtLevel=1"));'
)


@pytest.mark.parametrize("first_cell, c1_only", [
    ("int n = 2;", True),  # plain Java: the run stays on the quick-starting C1 JIT
    ("// reads a table with spark later\nint n = 2;", False),  # may use Spark: rerun on the full JIT
    ("%lsmagic", False),  # a magic may reach Spark
])
def test_a_run_keeps_c1_only_unless_its_notebook_may_use_spark(tmp_path: Path, first_cell: str, c1_only: bool) -> None:
    source = notebook(tmp_path / "jit.ipynb", [(first_cell, []), (JIT_PROBE, []), ("System.exit(3);", [])])
    out = tmp_path / "jit.out.ipynb"
    result = lakehouse_run(tmp_path, str(source), "--output", str(out))
    # the third cell fails (System.exit is refused in cells): the exit code comes through the rerun too
    assert result.returncode == 1, result.stdout + result.stderr
    cells = nbformat.read(out, as_version=4).cells
    assert stdout_of(cells[1]).strip() == f"c1-only={str(c1_only).lower()}"
    assert [run_metadata(c)["status"] for c in cells] == ["ok", "ok", "failed"]
