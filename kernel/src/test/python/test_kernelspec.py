"""Acceptance 1: the installed kernelspec is found by Jupyter, and a jupyter_server session started
through the REST API runs a cell over the kernel's websocket."""
from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
import websocket

from kernel_harness import KERNEL_NAME

SERVER_START_TIMEOUT = 60
CELL_TIMEOUT = 120


def test_kernelspec_list_shows_the_kernel(jupyter_bin: Path) -> None:
    listing = subprocess.run([str(jupyter_bin), "kernelspec", "list"], capture_output=True, text=True, check=True)
    assert KERNEL_NAME in listing.stdout.split(), listing.stdout

    specs = json.loads(
        subprocess.run([str(jupyter_bin), "kernelspec", "list", "--json"], capture_output=True, text=True, check=True).stdout
    )["kernelspecs"]
    spec = specs[KERNEL_NAME]["spec"]
    if KERNEL_NAME == "lakehouse-java":
        assert spec["display_name"] == "Java (Lakehouse)"
        assert spec["language"] == "java"
        assert spec["interrupt_mode"] == "message"
        jars = [arg for arg in spec["argv"] if arg.endswith(".jar")]
        assert jars and all(Path(j).is_file() for j in jars), spec["argv"]


def test_the_installed_kernel_maps_its_trained_startup_archives(tmp_path: Path) -> None:
    """`install` trains two CDS layers (start-up, Spark); with -Xshare:on a JVM that cannot map them
    refuses to start, so a kernel answering a cell and a Spark query proves both match this JDK and jar."""
    from jupyter_client.kernelspec import KernelSpecManager

    from kernel_harness import execute, spec_with_jvm_options, start_kernel, stop_kernel

    spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    archives = [path for a in spec.argv if a.startswith("-XX:SharedArchiveFile=")
                for path in a.split("=", 1)[1].split(":")]
    if KERNEL_NAME != "lakehouse-java" and not archives:
        pytest.skip(f"{KERNEL_NAME} was installed without a start-up archive")
    assert [Path(a).name for a in archives] == ["startup.jsa", "spark.jsa"], spec.argv
    assert all(Path(a).is_file() for a in archives), spec.argv
    manager = spec_with_jvm_options(KERNEL_NAME, "lakehouse-java-share-on", ["-Xshare:on"], tmp_path)
    km, kc = start_kernel("lakehouse-java-share-on", kernel_spec_manager=manager)
    try:
        run = execute(kc, "40 + 2")
        assert run.status == "ok" and run.text == "42", run.describe()
        query = execute(kc, 'spark.range(4).selectExpr("sum(id) AS s").first().getLong(0)')
        assert query.status == "ok" and query.text == "6", query.describe()
    finally:
        stop_kernel(km, kc)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class JupyterServer:
    def __init__(self, jupyter_bin: Path, root: Path) -> None:
        self.port = free_port()
        self.token = uuid.uuid4().hex
        self.log = root / "server.log"
        self.process = subprocess.Popen(
            [
                str(jupyter_bin), "server", "--no-browser", f"--port={self.port}", "--ServerApp.ip=127.0.0.1",
                f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={root}", "--ServerApp.port_retries=0",
                "--ServerApp.allow_root=True",
            ],
            stdout=self.log.open("w"), stderr=subprocess.STDOUT,
        )

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def request(self, method: str, path: str, body: dict | None = None) -> dict:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as response:
            raw = response.read()
            return json.loads(raw) if raw else {}

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            try:
                self.request("GET", "/api/status")
                return
            except OSError:
                time.sleep(0.2)
        raise TimeoutError(f"jupyter server did not answer:\n{self.log.read_text()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def jupyter_server(jupyter_bin: Path, tmp_path: Path) -> Iterator[JupyterServer]:
    server = JupyterServer(jupyter_bin, tmp_path)
    try:
        server.wait_until_up()
        yield server
    finally:
        server.stop()


def execute_request(code: str, session: str) -> dict:
    return {
        "header": {"msg_id": uuid.uuid4().hex, "username": "e2e", "session": session,
                   "date": datetime.now(timezone.utc).isoformat(), "msg_type": "execute_request", "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                    "allow_stdin": False, "stop_on_error": True},
    }


def test_server_session_executes_a_cell(jupyter_server: JupyterServer) -> None:
    session = jupyter_server.request("POST", "/api/sessions", {
        "path": "e2e.ipynb", "name": "e2e.ipynb", "type": "notebook", "kernel": {"name": KERNEL_NAME},
    })
    kernel_id = session["kernel"]["id"]
    assert session["kernel"]["name"] == KERNEL_NAME

    ws = websocket.create_connection(
        f"ws://127.0.0.1:{jupyter_server.port}/api/kernels/{kernel_id}/channels?session_id={uuid.uuid4().hex}",
        header=[f"Authorization: token {jupyter_server.token}"], timeout=CELL_TIMEOUT,
    )
    try:
        request = execute_request("int fromServer = 40;\nfromServer + 2", uuid.uuid4().hex)
        ws.send(json.dumps(request))
        reply, result, deadline = None, None, time.monotonic() + CELL_TIMEOUT
        while (reply is None or result is None) and time.monotonic() < deadline:
            msg = json.loads(ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != request["header"]["msg_id"]:
                continue
            if msg["msg_type"] == "execute_reply":
                reply = msg
                assert reply["content"]["status"] == "ok", reply
            elif msg["msg_type"] == "execute_result":
                result = msg
            elif msg["msg_type"] == "error":
                pytest.fail(f"cell failed: {msg['content']}")
        assert reply is not None and result is not None, "no execute_reply/execute_result over the websocket"
        assert result["content"]["data"]["text/plain"] == "42"
    finally:
        ws.close()
        jupyter_server.request("DELETE", f"/api/sessions/{session['id']}")
