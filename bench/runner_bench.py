#!/usr/bin/env python3
"""Headless runner overhead (issue 7, acceptance 5): `lakehouse run` on a notebook of 20 trivial
Java cells without Spark, end to end (process start to exit, output notebook written), as a user
runs it. Prints a markdown table.

Run: ./lakehouse bench runner [--runs 10] [--jar PATH/lakehouse-cli.jar]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from datetime import datetime
from pathlib import Path

import nbformat

REPO_ROOT = Path(__file__).resolve().parents[1]
CELLS = 20


def trivial_notebook(path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "lakehouse-java", "display_name": "Java (Lakehouse)", "language": "java"}
    for i in range(CELLS):
        source = f"int v{i} = {i};" if i % 2 == 0 else f'System.out.println("cell {i}: " + (v{i - 1} + 1));'
        nb.cells.append(nbformat.v4.new_code_cell(source))
    nbformat.write(nb, path)


def cell_span_seconds(output: Path) -> float:
    """From the first cell's start to the last cell's end, as the runner recorded them."""
    cells = nbformat.read(output, as_version=4).cells
    runs = [c.metadata["lakehouse_run"] for c in cells]
    assert all(r["status"] == "ok" for r in runs), runs
    first = datetime.fromisoformat(runs[0]["start"].replace("Z", "+00:00"))
    last = datetime.fromisoformat(runs[-1]["end"].replace("Z", "+00:00"))
    return (last - first).total_seconds()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--jar", default=os.environ.get("LAKEHOUSE_CLI_JAR"),
                        help="the CLI jar (default: the one ./lakehouse builds)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="runner-bench-"))
    notebook = work / "trivial.ipynb"
    trivial_notebook(notebook)
    env = {**os.environ, "LAKEHOUSE_HOME": str(work / "home")}
    if args.jar:
        env["LAKEHOUSE_CLI_JAR"] = args.jar
    walls, spans = [], []
    for i in range(args.runs + 1):
        output = work / f"out-{i}.ipynb"
        started = time.perf_counter()
        result = subprocess.run([str(REPO_ROOT / "lakehouse"), "run", str(notebook), "--output", str(output)],
                                capture_output=True, text=True, env=env)
        wall = time.perf_counter() - started
        if result.returncode != 0:
            raise SystemExit(result.stdout + result.stderr)
        if i == 0:
            continue  # the first run also fills the OS page cache
        walls.append(wall)
        spans.append(cell_span_seconds(output))
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"`lakehouse run` on {CELLS} trivial cells, {args.runs} runs after one warm-up, "
          f"{os.cpu_count()} cores, load average {load}\n")
    print("| metric | target | p50 | max | verdict |")
    print("|---|---|---:|---:|---|")
    p50 = statistics.median(walls)
    print(f"| end to end (process start to exit, output written) | <= 2 s | {p50:.2f} s | {max(walls):.2f} s |"
          f" {'ok' if p50 <= 2 else 'MISSED'} |")
    print(f"| of which running the {CELLS} cells (first start to last end) | | {statistics.median(spans):.2f} s |"
          f" {max(spans):.2f} s | |")


if __name__ == "__main__":
    main()
