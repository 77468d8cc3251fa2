#!/usr/bin/env python3
"""Jobs service benchmark (issue 8, acceptance 8): prints a markdown table of

  trigger lateness p50/p99 over >= 30 fires of a per-second cron (fire recorded - scheduled fire time),
  run start lateness for the fires that ran (run started - scheduled fire time),
  task hand-off between dependent tasks (downstream task started - upstream task ended), p50/p99,
  cell-to-cell hand-off (downstream's first cell started - upstream's last cell ended, from the output
  notebooks: what a user waits between two tasks, child JVM and JShell start included).

It starts `lakehouse jobs serve` from the packaged CLI jar on a free port with a throw-away state
directory, talks to it over HTTP with its token, and stops it. Every task is a real child JVM.
Run: ./lakehouse bench jobs [--fires 30] [--handoffs 5] [--build-dir target | --jar PATH/lakehouse-cli.jar]
(an engineer's own build: .venv/bin/python bench/jobs_bench.py --build-dir target-NAME)
"""
from __future__ import annotations

import argparse
import calendar
import json
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
FAST_TASK_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx512m -Xss4m"


def spark_jvm_flags() -> list[str]:
    pom = (REPO_ROOT / "pom.xml").read_text()
    return re.search(r"<spark.jvm.flags>(.*?)</spark.jvm.flags>", pom, re.S).group(1).split()


def notebook(path: Path, cells: list[tuple[str, str, list[str]]]) -> None:
    path.write_text(json.dumps({
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "lakehouse-java", "display_name": "Java", "language": "java"}},
        "cells": [{"cell_type": "code", "id": cid, "metadata": {"tags": tags}, "source": src,
                   "execution_count": None, "outputs": []} for cid, src, tags in cells],
    }))


def cell_times(output_notebook: dict) -> list[tuple[float, float]]:
    """(start, end) in epoch ms of every cell the runner executed, from metadata.lakehouse_run."""
    times = []
    for cell in output_notebook.get("cells", []):
        ran = cell.get("metadata", {}).get("lakehouse_run", {})
        if "start" in ran and "end" in ran:
            times.append((iso_millis(ran["start"]), iso_millis(ran["end"])))
    return times


def iso_millis(instant: str) -> float:
    """Java's Instant.toString() (UTC, 'Z', up to nanoseconds) to epoch milliseconds."""
    whole, _, fraction = instant.rstrip("Z").partition(".")
    seconds = calendar.timegm(time.strptime(whole, "%Y-%m-%dT%H:%M:%S"))
    return seconds * 1000 + float("0." + (fraction or "0")) * 1000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Api:
    def __init__(self, url: str, token: str):
        self.url, self.token = url, token

    def call(self, method: str, path: str, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method, headers={
            "Authorization": "Bearer " + self.token, "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            text = response.read().decode()
            return json.loads(text) if text else {}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def wait_for(what: str, probe, limit: float):
    deadline = time.time() + limit
    last_error = None
    while time.time() < deadline:
        try:
            value = probe()
            if value:
                return value
        except Exception as error:  # noqa: BLE001 - the service may not answer yet
            last_error = error
        time.sleep(0.2)
    raise SystemExit(f"timed out waiting for {what}" + (f"; last error: {last_error!r}" if last_error else ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fires", type=int, default=30)
    parser.add_argument("--handoffs", type=int, default=5)
    parser.add_argument("--build-dir", default=os.environ.get("LAKEHOUSE_BUILD_DIR", "target"),
                        help="Maven build dir name (-Dlakehouse.buildDir) holding server-extension's lakehouse-cli.jar")
    parser.add_argument("--jar", help="the CLI jar (default: server-extension/BUILD_DIR/lakehouse-cli.jar)")
    args, _ = parser.parse_known_args()
    args.jar = args.jar or str(REPO_ROOT / "server-extension" / args.build_dir / "lakehouse-cli.jar")
    if not Path(args.jar).is_file():
        raise SystemExit(f"no CLI jar at {args.jar}; build it with mvn -pl server-extension package")

    work = Path(tempfile.mkdtemp(prefix="jobs-bench-"))
    notebooks = work / "notebooks"
    notebooks.mkdir()
    notebook(notebooks / "tick.ipynb", [("tick", 'System.out.println("tick");', ["task=tick"])])
    notebook(notebooks / "chain.ipynb", [("a", 'System.out.println("a");', ["task=a"]),
                                         ("b", 'System.out.println("b");', ["task=b", "depends=a"])])
    port = free_port()
    env = dict(os.environ, LAKEHOUSE_TASK_JAVA_OPTS=FAST_TASK_JVM)
    command = ["java", *spark_jvm_flags(), "-jar", args.jar, "jobs", "serve", "--port", str(port),
               "--state-dir", str(work / "state"), "--notebook-root", str(notebooks)]
    with open(work / "service.log", "w") as log:
        service = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        token_file = work / "state" / "token"
        wait_for("the token file", token_file.is_file, 60)
        api = Api(f"http://127.0.0.1:{port}", token_file.read_text().strip())
        wait_for("the service", lambda: api.call("GET", "/api/health").get("status") == "ok", 120)

        tick = api.call("POST", "/api/jobs", {"notebook": "tick.ipynb", "cron": "* * * * * ?", "name": "tick"})["job_id"]
        runs = wait_for(f"{args.fires} fires", lambda: (lambda r: r if len(r) >= args.fires else None)(
            api.call("GET", f"/api/runs?limit=1000&job_id={tick}")["runs"]), args.fires + 120)
        api.call("POST", f"/api/jobs/{tick}/pause")
        fire_lateness = [r["created_time"] - r["scheduled_fire_time"] for r in runs]
        ran = [r for r in runs if r["state"]["life_cycle_state"] != "SKIPPED" and r.get("start_time")]
        start_lateness = [r["start_time"] - r["scheduled_fire_time"] for r in ran]
        wait_for("tick runs to end", lambda: not api.call("GET", f"/api/runs?active_only=true&job_id={tick}")["runs"], 120)

        chain = api.call("POST", "/api/jobs", {"notebook": "chain.ipynb", "name": "chain"})["job_id"]
        handoffs, cell_handoffs, task_seconds = [], [], []
        for _ in range(args.handoffs):
            run_id = api.call("POST", f"/api/jobs/{chain}/run-now", {})["run_id"]
            run = wait_for("a chain run", lambda: (lambda r: r if r["state"]["life_cycle_state"] == "TERMINATED" else None)(
                api.call("GET", f"/api/runs/{run_id}")), 300)
            tasks = {t["task_key"]: t for t in run["tasks"]}
            handoffs.append(tasks["b"]["start_time"] - tasks["a"]["end_time"])
            a_cells = cell_times(api.call("GET", f"/api/runs/{run_id}/tasks/a/output"))
            b_cells = cell_times(api.call("GET", f"/api/runs/{run_id}/tasks/b/output"))
            cell_handoffs.append(min(start for start, _ in b_cells) - max(end for _, end in a_cells))
            task_seconds += [(t["end_time"] - t["start_time"]) / 1000 for t in tasks.values()]
    finally:
        service.send_signal(signal.SIGTERM)
        service.wait(timeout=60)

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Jobs service benchmark, {time.strftime('%Y-%m-%d')}, {platform.system()} {os.cpu_count()} cores, "
          f"load average {load:.1f} at the end, Java from PATH, embedded H2 store")
    print()
    print("| measure | n | p50 | p99 | max |")
    print("| --- | --- | --- | --- | --- |")
    for name, values in [("trigger lateness (fire recorded - scheduled), ms", fire_lateness),
                         ("run start lateness (fires that ran), ms", start_lateness),
                         ("task hand-off (b started - a ended), ms", handoffs),
                         ("cell hand-off (b's first cell started - a's last cell ended), ms", cell_handoffs)]:
        if values:
            print(f"| {name} | {len(values)} | {statistics.median(values):.0f} | {percentile(values, 0.99):.0f} | {max(values):.0f} |")
    print(f"| trivial task wall time (child JVM + JShell start), s | {len(task_seconds)} | "
          f"{statistics.median(task_seconds):.1f} | {percentile(task_seconds, 0.99):.1f} | {max(task_seconds):.1f} |")
    skipped = len(runs) - len(ran)
    print()
    span = (max(r["scheduled_fire_time"] for r in runs) - min(r["scheduled_fire_time"] for r in runs)) / 1000 + 1
    print(f"{len(runs)} fires of `* * * * * ?` over {span:.0f} s; {len(ran)} ran, {skipped} were SKIPPED "
          f"(max_concurrent_runs=1 while a run was active). Work dir: {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
