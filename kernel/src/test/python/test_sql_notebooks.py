"""Issue 3 acceptance 1 and issue 4 acceptance 1: notebooks/sql.ipynb and notebooks/time-travel.ipynb
run headless with nbconvert through the real kernel, and their outputs show what each option and
subcommand is for (not only that nbconvert exited 0)."""
from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import nbformat
import pytest

from kernel_harness import KERNEL_NAME

VEGA_LITE = "application/vnd.vegalite.v5+json"


class Executed:
    """A notebook nbconvert executed; cells are found by the start of their source."""

    def __init__(self, process: subprocess.CompletedProcess, path: Path) -> None:
        self.process = process
        self.notebook = nbformat.read(path, as_version=4) if path.exists() else None

    def code_cells(self) -> list:
        return [c for c in self.notebook.cells if c.cell_type == "code"]

    def cell(self, source_start: str, occurrence: int | None = None):
        """The cell whose source is exactly this (the n-th if the notebook repeats it), else the only
        one starting with it."""
        exact = [c for c in self.code_cells() if c.source == source_start]
        if occurrence is not None:
            return exact[occurrence]
        matches = exact or [c for c in self.code_cells() if c.source.startswith(source_start)]
        assert len(matches) == 1, f"{len(matches)} cells start with {source_start!r}"
        return matches[0]

    def data(self, source_start: str, mime: str) -> list:
        return [o["data"][mime] for o in self.cell(source_start).outputs if mime in o.get("data", {})]

    def result(self, source_start: str, mime: str = "text/html") -> str:
        """The cell's value (execute_result) in one format; '' when it has none."""
        results = [o for o in self.cell(source_start).outputs if o["output_type"] == "execute_result"]
        return results[-1]["data"].get(mime, "") if results else ""

    def text(self, source_start: str, occurrence: int | None = None) -> str:
        """Everything the cell showed as text: text/plain of results and displays, streams, errors."""
        parts = []
        for o in self.cell(source_start, occurrence).outputs:
            if o["output_type"] == "stream":
                parts.append(o["text"])
            elif o["output_type"] == "error":
                parts.append(o["evalue"])
            else:
                plain = o.get("data", {}).get("text/plain", "")
                if not (o["output_type"] == "display_data" and plain.startswith("Spark: ")):  # live job progress
                    parts.append(plain)
        return "\n".join(parts)

    def errors(self) -> dict[str, str]:
        return {c.source.splitlines()[0] + " / " + c.source.splitlines()[-1]: o["evalue"]
                for c in self.code_cells() for o in c.outputs if o["output_type"] == "error"}


@pytest.fixture(scope="module")
def run_notebook(jupyter_bin: Path, repo_root: Path, tmp_path_factory: pytest.TempPathFactory):
    cache: dict[str, Executed] = {}
    out_dir = tmp_path_factory.mktemp("sql-notebooks")

    def run(name: str) -> Executed:
        if name not in cache:
            process = subprocess.run(
                [str(jupyter_bin), "nbconvert", "--to", "notebook", "--execute",
                 str(repo_root / "notebooks" / name), "--output-dir", str(out_dir), "--output", name,
                 f"--ExecutePreprocessor.kernel_name={KERNEL_NAME}", "--ExecutePreprocessor.timeout=600"],
                capture_output=True, text=True, timeout=1200)
            cache[name] = Executed(process, out_dir / name)
        return cache[name]

    return run


@pytest.fixture(scope="module")
def sql_notebook(run_notebook) -> Executed:
    executed = run_notebook("sql.ipynb")
    assert executed.process.returncode == 0, executed.process.stderr[-5000:]
    return executed


@pytest.fixture(scope="module")
def time_travel_notebook(run_notebook) -> Executed:
    executed = run_notebook("time-travel.ipynb")
    assert executed.process.returncode == 0, executed.process.stderr[-5000:]
    return executed


def test_sql_notebook_fails_only_where_it_means_to(sql_notebook: Executed) -> None:
    errors = sql_notebook.errors()
    assert len(errors) == 2, errors
    syntax, unknown = errors.values()
    assert "PARSE_SYNTAX_ERROR" in syntax and "^" in syntax and "\tat " not in syntax
    assert "Did you mean" in unknown and "sql_demo_trips" in unknown


def test_sql_notebook_shows_typed_escaped_tables_and_what_ddl_and_dml_did(sql_notebook: Executed) -> None:
    nb = sql_notebook
    assert "--local" in nb.text("%%sql --help") and "--plot" in nb.text("%%sql --help")
    assert "Created" in nb.text("%%sql\nCREATE OR REPLACE TABLE sql_demo_trips")
    assert "Inserted 8 rows" in nb.text("%%sql\nINSERT INTO sql_demo_trips")
    table = nb.result("%%sql\nSELECT * FROM sql_demo_trips ORDER BY km")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in table and "<script>" not in table
    assert all(f">{t}</span>" in table for t in ("string", "int", "date")), table
    assert "Tromso" in nb.text("%sql SELECT city, km FROM sql_demo_trips WHERE km > 500")
    assert "Updated 1 row" in nb.text("%%sql\nUPDATE sql_demo_trips")
    assert "Deleted 1 row" in nb.text("%%sql\nDELETE FROM sql_demo_trips")
    assert "1 inserted" in nb.text("%%sql\nMERGE INTO sql_demo_trips")


def test_sql_notebook_limits_without_counting_and_counts_when_asked(sql_notebook: Executed) -> None:
    nb = sql_notebook
    assert "showing 3 of more than 3 rows" in nb.text("%%sql --limit 3")
    assert "showing 5 of more than 5 rows" in nb.text("%%sql\nSELECT id FROM range(50)"), "%config sql.limit=5"
    counted = nb.text("%%sql --count --limit 2")
    assert re.search(r"\b2 of 8 rows\b", counted), counted
    schema = nb.text("%%sql --schema")
    assert "miles" in schema and "decimal" in schema and "trip_date" in schema
    assert "Physical Plan" in nb.text("%%sql --explain formatted")


def test_sql_notebook_output_formats(sql_notebook: Executed) -> None:
    nb = sql_notebook
    text = nb.text("%%sql --format text")
    assert "country" in text and "NO" in text and nb.result("%%sql --format text") == ""
    assert nb.data("%%sql --format json", "application/json") == [
        [{"city": "Gothenburg", "km": 470}, {"city": "Stockholm", "km": 520}]]
    csv = nb.result("%%sql --format csv", "text/csv")
    assert csv.splitlines()[0].strip() == "city,km" and "Oslo,120" in csv
    markdown = "\n".join(nb.data("%%sql --format markdown", "text/markdown"))
    assert "| city" in markdown and "Helsinki" in markdown


def test_sql_notebook_binds_parameters_as_data(sql_notebook: Executed) -> None:
    nb = sql_notebook
    shown = nb.text("%%sql -p country=NO -p min_km=200")
    assert "Bergen" in shown and "Oslo" not in shown
    hostile = html.unescape(nb.result("%%sql\nSELECT :hostile"))
    assert "it's \"quoted\" '; DROP TABLE sql_demo_trips; --" in hostile
    assert re.search(r"<td[^>]*>8</td>", hostile), "the table survived with its 8 rows"


def test_sql_notebook_binds_results_to_java_variables_views_and_snippets(sql_notebook: Executed) -> None:
    nb = sql_notebook
    assert nb.text("long_trips.count()").strip() == "4"
    assert nb.text("by_country.filter").strip() == "2"
    assert nb.text("java.util.Arrays.toString(_sql.columns())").strip() == "[country, trips, total_km]"
    assert nb.cell("%%sql --view norway -q").outputs == []
    assert "3" in nb.text("%sql SELECT count(*) AS norwegian_trips FROM norway")
    assert "Saved snippet nordic" in nb.text("%%sql --save nordic --no-execute")
    assert "1150" in nb.text("%%sql --with nordic_long")
    assert "longest_km" in nb.text("%sql -f queries/longest_trip_per_country.sql")
    shown = [o["data"]["text/plain"] for o in nb.cell("%%sql --multi").outputs
             if "text/plain" in o.get("data", {}) and not o["data"]["text/plain"].startswith("Spark:")]
    assert len(shown) == 3, shown
    assert "temporary view far" in shown[0] and "far_trips" in shown[1] and "Tromso" in shown[2]
    assert nb.cell("%%sql -q -o everything").outputs == []
    assert nb.text("everything.count()").strip() == "8"


def test_sql_notebook_draws_charts_from_datasets_and_tablesaw(sql_notebook: Executed) -> None:
    nb = sql_notebook
    marks = {}
    for start in ("%%sql --plot bar", "%%sql --plot hist", "%%sql --plot line", "%%sql --plot scatter",
                  "%%sql --plot area", "%plot by_country", "%plot perCountry"):
        charts = nb.data(start, VEGA_LITE)
        assert len(charts) == 1, start
        mark = charts[0]["mark"]
        marks[start] = mark["type"] if isinstance(mark, dict) else mark
        assert charts[0]["data"]["values"], start
    assert marks["%%sql --plot bar"] == "bar" and marks["%%sql --plot line"] == "line"
    assert marks["%%sql --plot scatter"] == "point" and marks["%%sql --plot area"] == "area"
    assert {v["country"] for v in nb.data("%plot perCountry", VEGA_LITE)[0]["data"]["values"]} >= {"NO", "SE"}


def test_sql_notebook_tablesaw_round_trip_and_catalog(sql_notebook: Executed) -> None:
    nb = sql_notebook
    local = nb.result("%%sql --local trips_local")
    assert "Reykjavik" in local and ">string</span>" in local
    summary = nb.result("tech.tablesaw.api.Table perCountry")
    assert "mean_km" in summary and ">double</span>" in summary and "2150.0" in summary
    back = nb.text("%sql SELECT * FROM sql_demo_country_stats")
    assert "mean_km" in back and "NO" in back
    assert "sql_demo_trips" in nb.text("%sqlcmd tables")
    assert "trip_date" in nb.text("%sqlcmd columns -t sql_demo_trips")
    profile = nb.text("%sqlcmd profile -t sql_demo_trips")
    assert "distinct_approx" in profile and "Tromso" in profile
    assert "local[" in nb.text("%spark status")


def test_time_travel_notebook_runs_every_subcommand(time_travel_notebook: Executed) -> None:
    nb = time_travel_notebook
    assert nb.errors() == {}
    assert nb.text("import dev.lakehouse.magics.delta.*;").strip() == "4"
    for sub in ("history", "at", "diff", "changes", "restore", "vacuum", "retention", "detail", "cdf"):
        assert sub in nb.text("%delta --help"), sub
    assert "--timestamp" in nb.text("%delta at --help") and "--metrics" not in nb.text("%delta at --help")

    history = nb.text("%delta history tt_orders")
    assert all(op in history for op in ("MERGE", "DELETE", "UPDATE", "WRITE", "CREATE"))
    metrics = nb.text("%delta history tt_orders --ops MERGE,UPDATE --metrics")
    assert "MERGE" in metrics and "UPDATE" in metrics and "WRITE" not in metrics and "num" in metrics
    assert nb.text("firstOrders.count()").strip() == "4"
    as_of = nb.result("%%sql --as-of 1 --table tt_orders")
    assert "plum" in as_of and "kiwi" not in as_of, "version 1 still has plum and no kiwi yet"

    keyed = nb.text("%delta diff tt_orders --from 1 --to 4 --key id")
    assert "→" in keyed and "50" in keyed, keyed
    assert "1 inserted, 1 deleted, 2 updated" in nb.text("TableDiff changed")
    assert "update_postimage" in nb.text("%delta changes tt_orders --from 2 --types update -o updates")
    assert "location" in nb.text("%delta detail tt_orders")
    assert "earliest reachable version" in nb.text("%delta retention tt_orders", occurrence=0)
    preview = nb.text("%delta restore tt_orders --version 1 --key id")
    assert "--yes" in preview and "nothing changed" in preview, preview
    assert "Restored tt_orders to version 1" in nb.text("%delta restore tt_orders --version 1 --yes")
    assert "RESTORE" in nb.text("%delta history tt_orders --limit 3")
    assert nb.text('Delta.at("tt_orders", Delta.latestVersion').strip() == "0"
    assert "Dry run" in nb.text("%delta vacuum tt_orders --retain 0")
    assert "Deleted" in nb.text("%delta vacuum tt_orders --retain 0 --yes")
    unreachable = nb.text("String outcome;")
    assert "earliest reachable" in unreachable and "read version 2" not in unreachable, unreachable
