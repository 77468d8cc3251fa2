#!/usr/bin/env python3
"""Dashboard API latency through Jupyter's server (issue 9): the same GET straight to the jobs service and
through /lakehouse/api/ (Jupyter auth + tornado forwarding), interleaved, p50/p95/p99. Prints a markdown table.

Starts JupyterLab with the extension on a free port (the extension starts the jobs service from the CLI jar),
creates a few jobs, measures, stops everything.
Run: ./lakehouse bench dashboard [--requests 300] [--jar PATH/lakehouse-cli.jar]
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import Request, urlopen

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(url: str, headers: dict, body: dict | None = None) -> tuple[float, bytes]:
    data = json.dumps(body).encode() if body is not None else None
    request = Request(url, data=data, headers={**headers, "Content-Type": "application/json"},
                      method="POST" if data else "GET")
    began = time.perf_counter()
    with urlopen(request, timeout=60) as response:
        payload = response.read()
    return (time.perf_counter() - began) * 1000, payload


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--jar", default=os.environ.get("LAKEHOUSE_CLI_JAR",
                                                        str(REPO / "server-extension/target/lakehouse-cli.jar")))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="dashboard-bench-"))
    (work / "notebooks").mkdir()
    import nbformat

    cell = nbformat.v4.new_code_cell('System.out.println("x");')
    cell.metadata["tags"] = ["task=only"]
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), work / "notebooks" / "bench.ipynb")
    port, token = free_port(), secrets.token_hex(16)
    env = {**os.environ, "LAKEHOUSE_HOME": str(work / "home"), "LAKEHOUSE_CLI_JAR": args.jar,
           "JUPYTER_CONFIG_DIR": str(work / "config"), "JUPYTER_RUNTIME_DIR": str(work / "runtime")}
    env.pop("LAKEHOUSE_JOBS_URL", None)
    command = [str(Path(sys.executable).parent / "jupyter-lab"), "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={work / 'notebooks'}",
               "--ServerApp.jpserver_extensions={'lakehouse_jupyter': True}"] + (["--allow-root"] if os.geteuid() == 0 else [])
    lab = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base, jupyter_auth = f"http://127.0.0.1:{port}", {"Authorization": f"token {token}"}
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                call(base + "/lakehouse/api/health", jupyter_auth)
                break
            except OSError:
                if time.monotonic() > deadline or lab.poll() is not None:
                    raise SystemExit("JupyterLab with the extension did not come up")
                time.sleep(0.5)
        home = work / "home" / "jobs"
        service = json.loads((home / "service.json").read_text())["url"]
        service_auth = {"Authorization": "Bearer " + (home / "token").read_text().strip()}
        for i in range(5):
            call(base + "/lakehouse/api/jobs", jupyter_auth, {"notebook": "bench.ipynb", "name": f"bench-{i}",
                                                             "cron": "0 0 3 * * ?", "timezone": "UTC"})
        rows = []
        for path in ("jobs", "health"):
            direct, proxied = [], []
            for _ in range(20):  # warm-up
                call(f"{service}/api/{path}", service_auth)
                call(f"{base}/lakehouse/api/{path}", jupyter_auth)
            for _ in range(args.requests):
                direct.append(call(f"{service}/api/{path}", service_auth)[0])
                proxied.append(call(f"{base}/lakehouse/api/{path}", jupyter_auth)[0])
            for name, values in (("jobs service, direct", direct), ("through /lakehouse/api/", proxied)):
                rows.append((f"GET /api/{path} (5 jobs)" if path == "jobs" else f"GET /api/{path}", name,
                             statistics.median(values), percentile(values, 95), percentile(values, 99)))
    finally:
        lab.send_signal(signal.SIGTERM)
        lab.wait(60)
    print(f"\nDashboard API latency, {args.requests} requests each, interleaved; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    print("| request | path | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|---|")
    for request, name, p50, p95, p99 in rows:
        print(f"| {request} | {name} | {p50:.1f} | {p95:.1f} | {p99:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
