"""Issue 9, acceptance 5: `./lakehouse start` brings up JupyterLab (with the extension, which starts the jobs
service) and MLflow; SIGINT (Ctrl-C) stops all of it: every port is free again and no child process survives.

In CI the command runs as the README says (its setup step finds everything already built). A developer testing
a private build sets LAKEHOUSE_CLI_JAR; then setup is skipped so it never rebuilds the shared target/."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from urllib.request import Request, urlopen

import psutil
import pytest

REPO = Path(__file__).resolve().parents[3]
START_TIMEOUT = 360


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_is_free(port: int) -> bool:
    """Nobody listens: a connection is refused and the port can be bound (TIME_WAIT leftovers allowed)."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            return False
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def status_of(url: str, headers: dict | None = None) -> int:
    try:
        with urlopen(Request(url, headers=headers or {}), timeout=5) as response:
            return response.status
    except OSError as e:
        return getattr(e, "code", 0) or 0


def alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.fixture
def started_stack(tmp_path):
    ports = {"lab": free_port(), "mlflow": free_port(), "jobs": free_port()}
    token = "start-test-" + os.urandom(12).hex()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAKEHOUSE_JOBS_")}
    env.update(LAKEHOUSE_HOME=str(tmp_path / "home"), LAKEHOUSE_LAB_PORT=str(ports["lab"]),
               LAKEHOUSE_MLFLOW_PORT=str(ports["mlflow"]), LAKEHOUSE_JOBS_PORT=str(ports["jobs"]),
               LAKEHOUSE_LAB_TOKEN=token, JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter-config"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "jupyter-runtime"))
    if "LAKEHOUSE_CLI_JAR" in os.environ:
        env["LAKEHOUSE_NO_SETUP"] = "1"
    log = tmp_path / "start.log"
    with open(log, "wb") as out:
        process = subprocess.Popen([str(REPO / "lakehouse"), "start"], env=env, stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    began = time.monotonic()
    deadline = began + START_TIMEOUT
    while "Lakehouse is running" not in log.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"./lakehouse start did not come up (exit {process.returncode}):\n{log.read_text()[-4000:]}")
        time.sleep(1)
    try:
        yield process, ports, token, tmp_path / "home", log, time.monotonic() - began
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)


def test_start_serves_everything_and_ctrl_c_leaves_nothing_behind(started_stack):
    process, ports, token, home, log, started_in = started_stack
    lab = f"http://127.0.0.1:{ports['lab']}"
    auth = {"Authorization": f"token {token}"}
    text = log.read_text()
    assert f"{lab}/lab?token={token}" in text
    assert f"{lab}/lakehouse/" in text and f"http://127.0.0.1:{ports['mlflow']}" in text

    assert status_of(lab + "/api/status", auth) == 200
    assert status_of(lab + "/lab", auth) == 200
    assert status_of(lab + "/lakehouse/api/health", auth) == 200
    assert status_of(lab + "/lakehouse/api/health") == 403
    assert status_of(f"http://127.0.0.1:{ports['mlflow']}/health") == 200
    service = json.loads((home / "jobs" / "service.json").read_text())
    assert service["url"] == f"http://127.0.0.1:{ports['jobs']}"
    service_token = (home / "jobs" / "token").read_text().strip()
    assert status_of(service["url"] + "/api/health", {"Authorization": f"Bearer {service_token}"}) == 200
    assert (home / "mlflow" / "mlflow.db").is_file()

    children = psutil.Process(process.pid).children(recursive=True)
    assert service["pid"] in {c.pid for c in children}
    assert len(children) >= 3  # jupyter, mlflow (and its workers), the service JVM

    stopping = time.monotonic()
    process.send_signal(signal.SIGINT)
    assert process.wait(120) == 0, log.read_text()[-3000:]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (any(alive(c) for c in children)
                                           or not all(port_is_free(p) for p in ports.values())):
        time.sleep(0.5)
    survivors = [f"{c.pid} {c.name()}" for c in children if alive(c)]
    assert survivors == [], f"processes left behind: {survivors}"
    assert {name: port_is_free(port) for name, port in ports.items()} == {name: True for name in ports}
    assert "Stopped JupyterLab, the jobs service and MLflow." in log.read_text()
    print(f"started in {started_in:.1f} s, stopped in {time.monotonic() - stopping:.1f} s")
