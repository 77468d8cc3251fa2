"""Starts a real `mlflow server` for tests and benchmarks: 127.0.0.1, a free port, SQLite backend and
proxied artifacts under a given directory, one uvicorn worker and no job runner (what a test never
uses and a busy machine pays for at start-up)."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

START_TIMEOUT = float(os.environ.get("LAKEHOUSE_MLFLOW_START_TIMEOUT", "240"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def mlflow_command() -> str:
    beside_python = Path(sys.executable).parent / "mlflow"
    return str(beside_python) if beside_python.exists() else shutil.which("mlflow") or "mlflow"


@contextmanager
def running_server(root: Path) -> Iterator[str]:
    """Yields the server's URI; stops it (and its worker processes) on exit."""
    root.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = dict(os.environ, MLFLOW_SERVER_ENABLE_JOB_EXECUTION="false")
    with open(root / "server.log", "w") as log:
        process = subprocess.Popen(
            [mlflow_command(), "server", "--host", "127.0.0.1", "--port", str(port), "--workers", "1",
             "--backend-store-uri", f"sqlite:///{root / 'mlflow.db'}",
             "--artifacts-destination", str(root / "artifacts"), "--serve-artifacts"],
            stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )
        uri = f"http://127.0.0.1:{port}"
        try:
            _await_health(process, uri, root)
            yield uri
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def _await_health(process: subprocess.Popen, uri: str, root: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"mlflow server exited: {(root / 'server.log').read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{uri}/health", timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"mlflow server did not answer {uri}/health within {START_TIMEOUT:.0f} s")
        time.sleep(0.25)
