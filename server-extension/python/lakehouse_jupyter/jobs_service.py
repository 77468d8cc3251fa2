"""Where the jobs service is: a process this Jupyter server starts (and stops), or one that already runs.

The service is the Java CLI (`lakehouse-cli.jar jobs serve`). It writes `service.json` (url, pid) and its
API token (mode 0600) into its state directory; we read both. The token is kept in memory and never logged.
"""
from __future__ import annotations

import asyncio
import json
import os
import re
import shlex
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.error import URLError
from urllib.request import Request, urlopen

# server-extension/python/lakehouse_jupyter/jobs_service.py -> the repository root
REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_CLI_JAR = REPO_ROOT / "server-extension" / "target" / "lakehouse-cli.jar"
# Without the repository's pom.xml (an installed package) these are the flags Spark needs on Java 17.
FALLBACK_JVM_FLAGS = ["-XX:+IgnoreUnrecognizedVMOptions", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                      "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"]
PR_SET_PDEATHSIG = 1


def lakehouse_home(env=os.environ) -> Path:
    """The data directory, as the Java side computes it: LAKEHOUSE_HOME or ~/.lakehouse."""
    home = env.get("LAKEHOUSE_HOME")
    return Path(home) if home else Path.home() / ".lakehouse"


def spark_jvm_flags(repo_root: Path = REPO_ROOT) -> list[str]:
    """The JVM flags `./lakehouse` passes to the Java CLI: `<spark.jvm.flags>` in the root pom."""
    pom = repo_root / "pom.xml"
    if pom.is_file():
        match = re.search(r"<spark\.jvm\.flags>(.*?)</spark\.jvm\.flags>", pom.read_text(encoding="utf-8"), re.S)
        if match:
            return match.group(1).split()
    return list(FALLBACK_JVM_FLAGS)


def read_token(token_file: Path) -> str:
    token = token_file.read_text(encoding="utf-8").strip()
    if len(token) < 16:
        raise ServiceError(f"the jobs service token in {token_file} is shorter than 16 characters")
    return token


class ServiceError(RuntimeError):
    """The jobs service could not be started or reached; the message says what to do."""


@dataclass(frozen=True)
class ServiceEndpoint:
    url: str
    token: str = ""  # never printed: see __repr__
    token_file: Path | None = None

    def __repr__(self) -> str:
        return f"ServiceEndpoint(url={self.url!r}, token=***)"


def answers_health(url: str, token: str, timeout: float = 2.0) -> bool:
    request = Request(url.rstrip("/") + "/api/health", headers={"Authorization": f"Bearer {token}"})
    try:
        with urlopen(request, timeout=timeout) as response:  # noqa: S310 (loopback URL from our own config)
            return response.status == 200
    except (URLError, OSError, ValueError):
        return False


def running_service(state_dir: Path) -> ServiceEndpoint | None:
    """A service that already runs on this state directory (its service.json answers), else None."""
    info_file = state_dir / "service.json"
    token_file = state_dir / "token"
    try:
        info = json.loads(info_file.read_text(encoding="utf-8"))
        token = read_token(Path(info.get("token_file") or token_file))
    except (OSError, ValueError, ServiceError):
        return None
    url = info.get("url")
    if url and answers_health(url, token):
        return ServiceEndpoint(url, token, Path(info.get("token_file") or token_file))
    return None


def _die_with_parent() -> None:
    """In the child before exec: get SIGTERM when the Jupyter server dies, even by SIGKILL (Linux)."""
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class JobsServiceProcess:
    """`java ... -jar lakehouse-cli.jar jobs serve` started by us, in its own process group."""

    def __init__(self, *, java: str, cli_jar: Path, state_dir: Path, notebook_root: Path, port: int = 0,
                 java_options: list[str] | None = None, log=None):
        self.java = java
        self.cli_jar = cli_jar
        self.state_dir = state_dir
        self.notebook_root = notebook_root
        self.port = port
        self.java_options = java_options or []
        self.log = log
        self.process: subprocess.Popen | None = None
        self.log_file = state_dir / "service.log"

    def command(self) -> list[str]:
        return [self.java, *spark_jvm_flags(), "-Djava.security.manager=allow", *self.java_options,
                "-jar", str(self.cli_jar), "jobs", "serve", "--port", str(self.port),
                "--state-dir", str(self.state_dir), "--notebook-root", str(self.notebook_root)]

    def start(self) -> None:
        if not self.cli_jar.is_file():
            raise ServiceError(f"the jobs service jar {self.cli_jar} is missing; build it with `./lakehouse setup` "
                               "or point LAKEHOUSE_CLI_JAR (or c.LakehouseJobsApp.cli_jar) at it")
        self.state_dir.mkdir(parents=True, exist_ok=True)
        # A stale service.json from an earlier process must not be mistaken for ours.
        (self.state_dir / "service.json").unlink(missing_ok=True)
        out = open(self.log_file, "ab")  # noqa: SIM115 (the child owns it)
        try:
            # Own session: a Ctrl-C meant for Jupyter's confirmation prompt does not reach the JVM;
            # we stop it (and its task JVMs) as a group in stop().
            self.process = subprocess.Popen(self.command(), stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                            start_new_session=True, preexec_fn=_die_with_parent, close_fds=True)
        finally:
            out.close()
        if self.log:
            self.log.info("lakehouse: starting the jobs service (pid %d): %s; log %s", self.process.pid,
                          shlex.join(self.command()[-9:]), self.log_file)

    async def wait_ready(self, timeout: float = 120.0) -> ServiceEndpoint:
        """The endpoint once our process wrote service.json and answers; raises ServiceError if it died."""
        deadline = time.monotonic() + timeout
        info_file = self.state_dir / "service.json"
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                raise ServiceError(f"the jobs service exited with code {self.process.returncode if self.process else '?'}; "
                                   f"see {self.log_file}: {self.log_tail()}")
            try:
                info = json.loads(info_file.read_text(encoding="utf-8"))
                if info.get("pid") == self.process.pid:
                    token_file = Path(info.get("token_file") or self.state_dir / "token")
                    return ServiceEndpoint(info["url"], read_token(token_file), token_file)
            except (OSError, ValueError, KeyError):
                pass
            await asyncio.sleep(0.2)
        raise ServiceError(f"the jobs service did not start within {timeout:.0f} s; see {self.log_file}")

    def log_tail(self, lines: int = 5) -> str:
        try:
            return " | ".join(self.log_file.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self, grace: float = 10.0) -> None:
        """SIGTERM to the service's process group (service and task JVMs), SIGKILL after `grace` seconds."""
        process = self.process
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(process.pid, signal.SIGKILL)  # whatever is left in the group, task JVMs included
        except ProcessLookupError:
            pass
        process.wait(5)
        if self.log:
            self.log.info("lakehouse: jobs service stopped (exit code %s)", process.returncode)
