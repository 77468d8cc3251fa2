"""A real JupyterLab server with the lakehouse extension, which starts a real jobs service (the Java CLI jar),
shared by the extension, dashboard and %job tests. Everything binds 127.0.0.1 on free ports and lives in a
throw-away LAKEHOUSE_HOME; the server is stopped (and with it the service JVM) at the end."""
from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
import requests

REPO = Path(__file__).resolve().parents[3]
# CI tests the jar `./lakehouse test` builds; an engineer points this at their own build dir.
CLI_JAR = Path(os.environ.get("LAKEHOUSE_CLI_JAR", REPO / "server-extension" / "target" / "lakehouse-cli.jar"))
SERVER_START_TIMEOUT = 240
# The prebuilt launcher extension (server-extension/python/labextensions/lakehouse-jupyter).
LABEXTENSIONS = REPO / "server-extension" / "python" / "labextensions"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_is_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead for our purposes
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return True


def code_cell(source: str, *tags: str):
    cell = nbformat.v4.new_code_cell(source)
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def write_notebook(path: Path, cells) -> Path:
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "lakehouse-java", "display_name": "Java (Lakehouse)", "language": "java"}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


# An output with a <script> and an onerror= handler: the dashboard must show it inert.
HOSTILE_HTML = ("<b id=\\\"inert-marker\\\">inert output</b>"
                "<img src=\\\"missing.png\\\" onerror=\\\"document.title='pwned-onerror'\\\">"
                "<script>document.title='pwned-script'; window.lakehousePwned = true;</script>")


def dashboard_notebook(path: Path) -> Path:
    """A `greeting` parameter; two tasks: `hello`, then `report` (which displays hostile HTML)."""
    return write_notebook(path, [
        nbformat.v4.new_markdown_cell("# Dashboard test job"),
        code_cell('String greeting = "hello from the notebook";', "parameters"),
        code_cell("System.out.println(greeting);", "task=hello"),
        code_cell(f'System.out.println("report: " + greeting);\ndisplayHtml("{HOSTILE_HTML}");', "task=report",
                  "depends=hello"),
    ])


@dataclass
class LabServer:
    url: str
    token: str
    home: Path
    root: Path
    log: Path
    process: subprocess.Popen

    def headers(self) -> dict:
        return {"Authorization": f"token {self.token}"}

    def get(self, path: str, **kwargs) -> requests.Response:
        return requests.get(self.url + path, headers=self.headers(), timeout=60, **kwargs)

    def post(self, path: str, body=None, **kwargs) -> requests.Response:
        return requests.post(self.url + path, headers=self.headers(), json=body, timeout=60, **kwargs)

    def service_info(self) -> dict:
        return json.loads((self.home / "jobs" / "service.json").read_text())

    def wait_for_run(self, run_id: int, timeout: float = 600) -> dict:
        deadline = time.monotonic() + timeout
        run = {}
        while time.monotonic() < deadline:
            run = self.get(f"/lakehouse/api/runs/{run_id}").json()
            if run["state"]["life_cycle_state"] in ("TERMINATED", "SKIPPED", "INTERNAL_ERROR"):
                return run
            time.sleep(1)
        raise AssertionError(f"run {run_id} did not finish within {timeout} s: {run.get('state')}")


def jupyter_lab_command(port: int, token: str, root: Path) -> list[str]:
    command = [str(Path(sys.executable).parent / "jupyter-lab"), "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
               "--ServerApp.jpserver_extensions={'lakehouse_jupyter': True}",
               f"--LabApp.extra_labextensions_path={LABEXTENSIONS}"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    return command


def isolated_env(home: Path, config: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAKEHOUSE_JOBS_")}
    env.update(LAKEHOUSE_HOME=str(home), LAKEHOUSE_CLI_JAR=str(CLI_JAR), JUPYTER_PLATFORM_DIRS="1",
               JUPYTER_CONFIG_DIR=str(config), JUPYTER_RUNTIME_DIR=str(config / "runtime"),
               LAKEHOUSE_SPARK_MASTER="local[1]", LAKEHOUSE_SPARK_CONF="spark.sql.shuffle.partitions=2")
    return env


def launch_lab(base: Path, root: Path | None = None, home: Path | None = None) -> LabServer:
    """Starts JupyterLab with the extension under `base` and waits until the extension's jobs service answers."""
    if not CLI_JAR.is_file():
        pytest.fail(f"{CLI_JAR} is missing: build it (./lakehouse setup) or set LAKEHOUSE_CLI_JAR")
    home, root, config = home or base / "home", root or base / "notebooks", base / "config"
    for folder in (home, root, config):
        folder.mkdir(parents=True, exist_ok=True)
    port, token = free_port(), secrets.token_hex(24)
    log = base / "jupyter.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(jupyter_lab_command(port, token, root), env=isolated_env(home, config),
                                   stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    server = LabServer(f"http://127.0.0.1:{port}", token, home, root, log, process)
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while True:
        if process.poll() is not None:
            pytest.fail(f"jupyter lab exited with {process.returncode}: {log.read_text()[-3000:]}")
        try:
            if server.get("/lakehouse/api/health").status_code == 200:
                return server
        except requests.ConnectionError:
            pass
        if time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            pytest.fail(f"the extension's jobs service did not answer within {SERVER_START_TIMEOUT} s: "
                        f"{log.read_text()[-3000:]}")
        time.sleep(0.5)


def wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    return not pid_alive(pid)


def stop_lab(server: LabServer) -> None:
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, signal.SIGKILL)
            raise


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory) -> LabServer:
    base = tmp_path_factory.mktemp("lab")
    dashboard_notebook(base / "notebooks" / "jobs" / "dashboard-test.ipynb")
    server = launch_lab(base)
    service_pid = server.service_info()["pid"]
    yield server
    stop_lab(server)
    assert wait_gone(service_pid, 20), "the jobs service JVM outlived the Jupyter server"


@pytest.fixture
def another_lab(tmp_path):
    """Starts more JupyterLab servers for one test (same arguments as launch_lab); stops them afterwards."""
    started = []

    def start(**kwargs) -> LabServer:
        server = launch_lab(tmp_path / f"lab-{len(started)}", **kwargs)
        started.append(server)
        return server

    yield start
    for server in started:
        stop_lab(server)
        try:
            os.killpg(server.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
