"""`./lakehouse start`: JupyterLab (with the kernel and this extension, which starts the jobs service) and an
MLflow tracking server, on 127.0.0.1; prints the URLs; Ctrl-C (or SIGTERM) stops everything.

Each server runs in its own process group, so the terminal's Ctrl-C reaches only this supervisor, which then
stops Jupyter first (Jupyter stops the jobs service and its task JVMs), then MLflow, and kills whatever is
left of each group. Ports: LAKEHOUSE_LAB_PORT (8888), LAKEHOUSE_MLFLOW_PORT (5000), LAKEHOUSE_JOBS_PORT (0: free).
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import URLError
from urllib.request import Request, urlopen

from .jobs_service import REPO_ROOT, lakehouse_home

READY_TIMEOUT = float(os.environ.get("LAKEHOUSE_START_TIMEOUT", "300"))
STOP_GRACE = 20.0


class Stop(Exception):
    """SIGTERM (or a child that died): leave the main loop and stop everything."""


def port_in_use(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return False
        except OSError:
            return True


def answers(url: str, headers: dict | None = None) -> bool:
    try:
        with urlopen(Request(url, headers=headers or {}), timeout=3) as response:  # noqa: S310 (loopback)
            return response.status == 200
    except (URLError, OSError, ValueError):
        return False


def log_tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


class Stack:
    def __init__(self, args):
        self.args = args
        self.home = lakehouse_home()
        self.logs = self.home / "logs"
        self.token = os.environ.get("LAKEHOUSE_LAB_TOKEN") or secrets.token_hex(24)
        self.processes: dict[str, subprocess.Popen] = {}
        self.service_pid: int | None = None
        self.bin = Path(sys.executable).parent

    # ---- start

    def check_ports(self) -> None:
        for name, port, variable in (("JupyterLab", self.args.lab_port, "LAKEHOUSE_LAB_PORT"),
                                     ("MLflow", self.args.mlflow_port, "LAKEHOUSE_MLFLOW_PORT"),
                                     ("the jobs service", self.args.jobs_port, "LAKEHOUSE_JOBS_PORT")):
            if port and port_in_use(port):
                raise SystemExit(f"lakehouse start: port {port} for {name} is in use; choose another with {variable}=...")

    def start(self) -> None:
        self.logs.mkdir(parents=True, exist_ok=True)
        mlflow_dir = self.home / "mlflow"
        (mlflow_dir / "artifacts").mkdir(parents=True, exist_ok=True)
        env = dict(os.environ)
        env["MLFLOW_TRACKING_URI"] = self.mlflow_url  # kernels started by JupyterLab inherit it
        env["LAKEHOUSE_JOBS_PORT"] = str(self.args.jobs_port)
        self.spawn("mlflow", [str(self.bin / "mlflow"), "server", "--host", "127.0.0.1", "--port", str(self.args.mlflow_port),
                              "--backend-store-uri", f"sqlite:///{mlflow_dir / 'mlflow.db'}",
                              "--artifacts-destination", str(mlflow_dir / "artifacts")], env)
        lab = [str(self.bin / "jupyter-lab"), "--no-browser", "--ip=127.0.0.1", f"--port={self.args.lab_port}",
               "--ServerApp.port_retries=0", f"--IdentityProvider.token={self.token}",
               f"--ServerApp.root_dir={self.args.notebook_dir}",
               "--ServerApp.jpserver_extensions={'lakehouse_jupyter': True}",
               f"--LabApp.extra_labextensions_path={REPO_ROOT / 'server-extension' / 'python' / 'labextensions'}"]
        if os.geteuid() == 0:
            lab.append("--allow-root")
        self.spawn("jupyter", lab, env)

    def spawn(self, name: str, command: list[str], env: dict) -> None:
        with open(self.logs / f"{name}.log", "ab") as log:
            self.processes[name] = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                                    stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def lab_url(self) -> str:
        return f"http://127.0.0.1:{self.args.lab_port}"

    @property
    def mlflow_url(self) -> str:
        return f"http://127.0.0.1:{self.args.mlflow_port}"

    def wait_ready(self) -> None:
        auth = {"Authorization": f"token {self.token}"}
        checks = {
            "JupyterLab": lambda: answers(self.lab_url + "/api/status", auth),
            "jobs service": lambda: answers(self.lab_url + "/lakehouse/api/health", auth),
            "MLflow": lambda: answers(self.mlflow_url + "/health"),
        }
        deadline = time.monotonic() + READY_TIMEOUT
        waiting = dict(checks)
        while waiting:
            self.check_children()
            for name, check in list(waiting.items()):
                if check():
                    del waiting[name]
            if time.monotonic() > deadline:
                raise Stop(f"{', '.join(waiting)} did not answer within {READY_TIMEOUT:.0f} s; logs in {self.logs}")
            time.sleep(0.5)
        try:
            self.service_pid = json.loads((self.home / "jobs" / "service.json").read_text())["pid"]
        except (OSError, ValueError, KeyError):
            self.service_pid = None

    def check_children(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                raise Stop(f"{name} exited with code {process.returncode}; last lines of {self.logs / (name + '.log')}:\n"
                           + log_tail(self.logs / f"{name}.log"))

    def announce(self) -> None:
        print(f"""
Lakehouse is running (Ctrl-C stops everything):
  JupyterLab:     {self.lab_url}/lab?token={self.token}
  Jobs dashboard: {self.lab_url}/lakehouse/   (also in the JupyterLab launcher)
  MLflow:         {self.mlflow_url}   (MLFLOW_TRACKING_URI for kernels)
  Data:           {self.home}   logs: {self.logs}
""", flush=True)

    # ---- stop

    def stop(self) -> None:
        # Jupyter first: its extension stops the jobs service and the service stops its task JVMs.
        for name in ("jupyter", "mlflow"):
            process = self.processes.get(name)
            if process is not None and process.poll() is None:
                signal_group(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE
        for process in self.processes.values():
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
        for process in self.processes.values():
            signal_group(process.pid, signal.SIGKILL)  # anything left in the group (workers, task JVMs)
            process.wait()
        if self.service_pid is not None:
            wait_gone(self.service_pid, 15)


def signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def wait_gone(pid: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    try:  # the service's own group: it and its task JVMs
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def parse(argv: list[str]):
    parser = argparse.ArgumentParser(prog="lakehouse start", description=__doc__.split("\n\n")[0])
    parser.add_argument("--lab-port", type=int, default=int(os.environ.get("LAKEHOUSE_LAB_PORT", "8888")))
    parser.add_argument("--mlflow-port", type=int, default=int(os.environ.get("LAKEHOUSE_MLFLOW_PORT", "5000")))
    parser.add_argument("--jobs-port", type=int, default=int(os.environ.get("LAKEHOUSE_JOBS_PORT", "0")))
    parser.add_argument("--notebook-dir", type=Path, default=REPO_ROOT / "notebooks")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    stack = Stack(parse(sys.argv[1:] if argv is None else argv))

    def on_term(signum, frame):
        raise Stop(f"received signal {signum}")

    stack.check_ports()
    signal.signal(signal.SIGTERM, on_term)
    status = 0
    try:
        stack.start()
        print("Starting JupyterLab, the jobs service and MLflow ...", flush=True)
        stack.wait_ready()
        stack.announce()
        while True:
            stack.check_children()
            time.sleep(1)
    except KeyboardInterrupt:
        print("\nStopping ...", flush=True)
    except Stop as e:
        print(f"\nStopping: {e}", file=sys.stderr, flush=True)
        status = 0 if str(e).startswith("received signal") else 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up short
        stack.stop()
        print("Stopped JupyterLab, the jobs service and MLflow.", flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
