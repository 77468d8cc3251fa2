"""Drives a real kernel through jupyter_client: start it, run cells, collect what it published.

Shared by the e2e tests and bench/kernel_bench.py. Nothing here knows Java; the tests do.
"""
from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty
from typing import Any

from jupyter_client.blocking.client import BlockingKernelClient
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

KERNEL_NAME = os.environ.get("LAKEHOUSE_TEST_KERNEL", "lakehouse-java")
READY_TIMEOUT = float(os.environ.get("LAKEHOUSE_TEST_READY_TIMEOUT", "60"))
CELL_TIMEOUT = float(os.environ.get("LAKEHOUSE_TEST_CELL_TIMEOUT", "120"))


@dataclass
class CellRun:
    """Everything one execute_request produced, in arrival order."""

    code: str
    reply: dict[str, Any]
    messages: list[dict[str, Any]] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def status(self) -> str:
        return self.reply["content"]["status"]

    def of_type(self, msg_type: str) -> list[dict[str, Any]]:
        return [m for m in self.messages if m["msg_type"] == msg_type]

    def stream(self, name: str) -> str:
        return "".join(m["content"]["text"] for m in self.of_type("stream") if m["content"]["name"] == name)

    @property
    def stdout(self) -> str:
        return self.stream("stdout")

    @property
    def stderr(self) -> str:
        return self.stream("stderr")

    @property
    def result(self) -> dict[str, Any] | None:
        """The data of the execute_result, or None when the cell had no value."""
        results = self.of_type("execute_result")
        return results[-1]["content"]["data"] if results else None

    @property
    def text(self) -> str:
        """text/plain of the execute_result ('' when none)."""
        return (self.result or {}).get("text/plain", "")

    @property
    def errors(self) -> list[dict[str, Any]]:
        return [m["content"] for m in self.of_type("error")]

    def describe(self) -> str:
        """A readable dump for assertion messages."""
        lines = [f"cell: {self.code!r}", f"reply: {json.dumps(self.reply['content'], default=str)[:2000]}"]
        for m in self.messages:
            lines.append(f"  {m['msg_type']}: {json.dumps(m['content'], default=str)[:600]}")
        return "\n".join(lines)


def kernel_spec_exists(name: str = KERNEL_NAME) -> bool:
    return name in KernelSpecManager().find_kernel_specs()


def start_kernel(
    name: str = KERNEL_NAME,
    extra_env: dict[str, str] | None = None,
    kernel_spec_manager: KernelSpecManager | None = None,
) -> tuple[KernelManager, BlockingKernelClient]:
    """Starts a kernel and waits until it answers kernel_info."""
    km = KernelManager(kernel_name=name, **({"kernel_spec_manager": kernel_spec_manager} if kernel_spec_manager else {}))
    env = dict(os.environ)
    env.update(extra_env or {})
    km.start_kernel(env=env)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=READY_TIMEOUT)
    except Exception:
        stop_kernel(km, kc)
        raise
    return km, kc


def stop_kernel(km: KernelManager, kc: BlockingKernelClient) -> None:
    try:
        kc.stop_channels()
    finally:
        if km.has_kernel:
            km.shutdown_kernel(now=False)


def kernel_pid(km: KernelManager) -> int:
    return km.provisioner.process.pid  # type: ignore[union-attr]


def execute(
    kc: BlockingKernelClient,
    code: str,
    timeout: float = CELL_TIMEOUT,
    **options: Any,
) -> CellRun:
    """Sends one execute_request and collects its iopub messages until idle, plus the reply."""
    started = time.perf_counter()
    msg_id = kc.execute(code, **options)
    return collect(kc, msg_id, code, timeout, started)


def collect(kc: BlockingKernelClient, msg_id: str, code: str, timeout: float, started: float) -> CellRun:
    deadline = started + timeout
    messages = iopub_until_idle(kc, msg_id, deadline, code)
    reply = None
    while reply is None:
        msg = _next(kc.get_shell_msg, deadline, f"execute_reply for {code!r}")
        if msg["parent_header"].get("msg_id") == msg_id:
            reply = msg
    return CellRun(code, reply, messages, time.perf_counter() - started)


def iopub_until_idle(kc: BlockingKernelClient, msg_id: str, deadline: float, what: str = "") -> list[dict[str, Any]]:
    """The outputs a request published (status and execute_input left out), up to its idle status."""
    messages: list[dict[str, Any]] = []
    while True:
        msg = _next(kc.get_iopub_msg, deadline, f"idle for {what or msg_id}")
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status":
            if msg["content"]["execution_state"] == "idle":
                return messages
        elif msg["msg_type"] != "execute_input":
            messages.append(msg)


def _next(get: Any, deadline: float, what: str) -> dict[str, Any]:
    remaining = deadline - time.perf_counter()
    if remaining <= 0:
        raise TimeoutError(f"timed out waiting for {what}")
    try:
        return get(timeout=remaining)
    except Empty:
        raise TimeoutError(f"timed out waiting for {what}") from None


def run_ok(kc: BlockingKernelClient, code: str, timeout: float = CELL_TIMEOUT) -> CellRun:
    """Runs a cell that must succeed; the assertion message shows everything the kernel sent."""
    run = execute(kc, code, timeout=timeout)
    assert run.status == "ok" and not run.errors, run.describe()
    return run


def run_error(kc: BlockingKernelClient, code: str, timeout: float = CELL_TIMEOUT) -> CellRun:
    """Runs a cell that must fail with exactly one error message."""
    run = execute(kc, code, timeout=timeout)
    assert run.status == "error", run.describe()
    assert len(run.errors) == 1, run.describe()
    return run


def spec_with_jvm_options(base: str, new_name: str, jvm_options: list[str], root: Path) -> KernelSpecManager:
    """Copies an installed kernelspec under a new name with extra JVM options, for tests that need
    e.g. a small heap. Options go right after the java executable, replacing any -Xmx there."""
    source = Path(KernelSpecManager().get_kernel_spec(base).resource_dir)
    target = root / "kernels" / new_name
    shutil.copytree(source, target, dirs_exist_ok=True)
    spec_file = target / "kernel.json"
    spec = json.loads(spec_file.read_text())
    argv: list[str] = spec["argv"]
    java_at = next((i for i, a in enumerate(argv) if Path(a).name in ("java", "java.exe")), None)
    if java_at is None:
        # A launcher script: hand the options to the JVM through the standard variable.
        env = spec.setdefault("env", {})
        env["JDK_JAVA_OPTIONS"] = " ".join([env.get("JDK_JAVA_OPTIONS", ""), *jvm_options]).strip()
    else:
        replaced = [a for a in argv if not (a.startswith("-Xmx") and any(o.startswith("-Xmx") for o in jvm_options))]
        argv = replaced[: java_at + 1] + jvm_options + replaced[java_at + 1 :]
        spec["argv"] = argv
    spec["display_name"] = f"{spec.get('display_name', base)} ({' '.join(jvm_options)})"
    spec_file.write_text(json.dumps(spec, indent=1))
    return KernelSpecManager(kernel_dirs=[str(root / "kernels")])


def process_tree_rss_bytes(pid: int) -> int:
    """Resident memory (VmRSS) of a process and its children."""
    import psutil

    root = psutil.Process(pid)
    return sum(p.memory_info().rss for p in [root, *root.children(recursive=True)] if p.is_running())


JVM_INTERNAL_THREADS = ("C1 ", "C2 ", "GC ", "G1 ", "VM ", "Sweeper", "Signal ", "Reference ", "Finalizer")


def kernel_threads(pid: int) -> dict[int, tuple[str, float]]:
    """Every thread of the kernel process: tid -> (name, CPU seconds so far), from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    threads = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            name = Path(f"/proc/{pid}/task/{tid}/comm").read_text().strip()
            fields = Path(f"/proc/{pid}/task/{tid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the thread ended meanwhile
        threads[int(tid)] = (name, (int(fields[11]) + int(fields[12])) / ticks)
    return threads


def busiest_cell_thread(pid: int, existing: set[int], window: float = 1.0) -> tuple[int, float]:
    """The thread most likely running the current cell, with its share of a core over `window` s:
    the busiest thread started after `existing` was taken (kernels that start a thread per cell),
    else the busiest thread that is not a JVM compiler/GC thread."""
    before = kernel_threads(pid)
    time.sleep(window)
    after = kernel_threads(pid)
    used = {tid: cpu - before.get(tid, (name, 0.0))[1] for tid, (name, cpu) in after.items()}
    new = [tid for tid in used if tid not in existing]
    candidates = new or [tid for tid in used if not after[tid][0].startswith(JVM_INTERNAL_THREADS)]
    tid = max(candidates, key=used.__getitem__)
    return tid, used[tid] / window


def thread_cpu_share(pid: int, tid: int, window: float = 1.0) -> float:
    """Share of a core one thread uses over the next `window` seconds (0 if it ended)."""
    before = kernel_threads(pid).get(tid)
    time.sleep(window)
    after = kernel_threads(pid).get(tid)
    return 0.0 if before is None or after is None else (after[1] - before[1]) / window
