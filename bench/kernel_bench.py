#!/usr/bin/env python3
"""Kernel foundation benchmark (issue 2, acceptance 8): prints a markdown table of

  spawn -> kernel_info_reply p50, `1 + 1` round trip p50/p99, p50 after 3,000 cells in one kernel,
  heartbeat echo p99 while a cell spins a core, first Spark query in a fresh kernel, idle RSS.

Then, for context, 200 distinct cells (`2 + 1`, `3 + 1`, ...): the Java kernel does not compile a cell
again while the notebook's declarations stay the same, so repeated `1 + 1` cells measure that reuse and
distinct cells measure a cell compiled each time.
Round trips are measured through jupyter_client from execute_request until both the execute_reply
and the idle status arrived. Idle RSS is sampled after 5 cells and 15 s without cells (a fresh kernel
warms its JIT up while idle for ~6 s; the 5 s sample is printed too).
Run: ./lakehouse bench kernel [--quick] [--idle S] [--kernel NAME]
(`--kernel python3` measures ipykernel the same way, for comparison; Spark rows are then skipped).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import zmq
from jupyter_client.manager import KernelManager

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "kernel" / "src" / "test" / "python"))

from kernel_harness import (  # noqa: E402
    execute, iopub_until_idle, kernel_pid, process_tree_rss_bytes, start_kernel, stop_kernel,
)

def distinct_trivial_cell(i: int) -> str:
    """`2 + 1`, `3 + 1`, ...: the Java kernel reuses the class of a cell it compiled before (until the
    notebook changes), so distinct cells show a cell's cost when it must be compiled."""
    return f"{i + 2} + 1"


CODE = {
    "java": {
        "trivial": "1 + 1",
        "spin": "long spin = 0;\nwhile (true) { spin++; }",
        "spark": 'spark.range(1000).selectExpr("sum(id)").collectAsList()',
        "distinct": distinct_trivial_cell,
    },
    "python": {"trivial": "1 + 1", "spin": "spin = 0\nwhile True:\n    spin += 1", "spark": None,
               "distinct": distinct_trivial_cell},
}


@dataclass
class Row:
    metric: str
    target: str
    value: float | None
    unit: str
    limit: float | None  # the value must be <= limit

    @property
    def verdict(self) -> str:
        if self.value is None:
            return "skipped"
        if self.limit is None:
            return ""
        return "ok" if self.value <= self.limit else "MISSED"

    def formatted(self) -> str:
        if self.value is None:
            return "-"
        digits = 0 if self.value >= 100 else 1 if self.value >= 1 else 2
        return f"{self.value:.{digits}f} {self.unit}"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def ms(seconds: float) -> float:
    return seconds * 1000


def spawn_to_kernel_info(kernel: str, spawns: int) -> list[float]:
    times = []
    for _ in range(spawns):
        km = KernelManager(kernel_name=kernel)
        started = time.perf_counter()
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        kc.kernel_info()
        while kc.get_shell_msg(timeout=60)["msg_type"] != "kernel_info_reply":
            pass
        times.append(time.perf_counter() - started)
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return times


def round_trips(kc, code: str, cells: int) -> list[float]:
    return distinct_round_trips(kc, lambda _: code, cells)


def distinct_round_trips(kc, code_for, cells: int) -> list[float]:
    """Round trips of cells `code_for(0)`, `code_for(1)`, ...: distinct cells, which no kernel cache answers."""
    times = []
    for i in range(cells):
        run = execute(kc, code_for(i), timeout=60)
        if run.status != "ok":
            raise RuntimeError(run.describe())
        times.append(run.elapsed)
    return times


def heartbeat_while_spinning(km: KernelManager, kc, spin: str, pings: int) -> tuple[list[float], bool]:
    """Heartbeat echo latencies while a cell spins; returns them and whether the interrupt worked."""
    msg_id = kc.execute(spin)
    time.sleep(1.0)
    info = km.get_connection_info()
    context = zmq.Context.instance()
    hb = context.socket(zmq.REQ)
    hb.setsockopt(zmq.LINGER, 0)
    hb.connect(f"{info['transport']}://{info['ip']}:{info['hb_port']}")
    latencies = []
    try:
        for i in range(pings):
            payload = f"ping-{i}".encode()
            sent = time.perf_counter()
            hb.send(payload)
            if not hb.poll(5000):
                raise RuntimeError("heartbeat did not answer within 5 s")
            assert hb.recv() == payload
            latencies.append(time.perf_counter() - sent)
            time.sleep(0.002)
    finally:
        hb.close()
        km.interrupt_kernel()
    try:
        iopub_until_idle(kc, msg_id, time.perf_counter() + 10)
        kc.get_shell_msg(timeout=5)
        return latencies, True
    except (TimeoutError, Exception):
        return latencies, False


def run(args: argparse.Namespace) -> tuple[list[Row], dict]:
    rows: list[Row] = []
    spawn = spawn_to_kernel_info(args.kernel, args.spawns)
    rows.append(Row(f"spawn -> kernel_info_reply p50 ({args.spawns} spawns, no Spark)", "<= 1.5 s",
                    percentile(spawn, 50), "s", 1.5))

    back_to_back = None
    if args.idle > 0:
        km, kc = start_kernel(args.kernel)
        try:
            code = CODE.get(_language(kc), CODE["java"])
            round_trips(kc, code["trivial"], args.warmup)
            back_to_back = [ms(t) for t in round_trips(kc, code["trivial"], args.cells)]
        finally:
            stop_kernel(km, kc)
        sample = f"{args.cells} cells sent right after kernel_info_reply"
        rows.append(Row(f"`1 + 1` round trip p50 ({sample})", "(context)", percentile(back_to_back, 50), "ms", None))
        rows.append(Row(f"`1 + 1` round trip p99 ({sample})", "(context)", percentile(back_to_back, 99), "ms", None))

    km, kc = start_kernel(args.kernel)
    try:
        language = _language(kc)
        code = CODE.get(language, CODE["java"])
        time.sleep(args.idle)
        round_trips(kc, code["trivial"], args.warmup)
        first = [ms(t) for t in round_trips(kc, code["trivial"], args.cells)]
        sample = f"{args.cells} cells" + (f", first sent {args.idle:g} s after kernel_info_reply" if args.idle else "")
        rows.append(Row(f"`1 + 1` round trip p50 ({sample})", "<= 10 ms", percentile(first, 50), "ms", 10))
        rows.append(Row(f"`1 + 1` round trip p99 ({sample})", "<= 30 ms", percentile(first, 99), "ms", 30))
        if code["distinct"]:
            distinct = [ms(t) for t in distinct_round_trips(kc, code["distinct"], args.cells)]
            rows.append(Row(f"distinct trivial cells ({code['distinct'](0)}, {code['distinct'](1)}, ...) round trip p50, "
                            f"{args.cells} cells sent next", "(context)", percentile(distinct, 50), "ms", None))
            rows.append(Row("distinct trivial cells round trip p99, same", "(context)", percentile(distinct, 99), "ms", None))
        done = args.warmup + 2 * args.cells
        if args.fill > done:
            round_trips(kc, code["trivial"], args.fill - done)
        later = [ms(t) for t in round_trips(kc, code["trivial"], args.cells)]
        rows.append(Row(f"`1 + 1` round trip p50 after {max(args.fill, done)} cells", "<= 15 ms",
                        percentile(later, 50), "ms", 15))

        beats, interrupted = heartbeat_while_spinning(km, kc, code["spin"], args.pings)
        rows.append(Row(f"heartbeat echo p99 while a cell spins ({args.pings} pings)", "<= 10 ms",
                        percentile([ms(b) for b in beats], 99), "ms", 10))
        if not interrupted:
            print("warning: the spinning cell did not stop after interrupt_request", file=sys.stderr)
    finally:
        stop_kernel(km, kc)

    km, kc = start_kernel(args.kernel)
    try:
        for _ in range(5):
            execute(kc, code["trivial"])
        time.sleep(5)  # the kernel gives memory back after 2 s without cells...
        rss_early = process_tree_rss_bytes(kernel_pid(km)) / 2**20
        time.sleep(args.settle)  # ...and after its idle-time warm-up (~6 s of a fresh kernel)
        rss = process_tree_rss_bytes(kernel_pid(km)) / 2**20
        spark_seconds = None
        if code["spark"] and not args.skip_spark:
            first_query = execute(kc, code["spark"], timeout=300)
            if first_query.status != "ok":
                raise RuntimeError(first_query.describe())
            spark_seconds = first_query.elapsed
        rows.append(Row("first Spark query in a fresh kernel", "<= 6 s", spark_seconds, "s", 6))
        rows.append(Row("kernel RSS 5 s after its last cell, no Spark (warm-up may still run)", "(context)",
                        rss_early, "MB", None))
        rows.append(Row(f"idle kernel RSS, no Spark ({5 + args.settle:g} s after its last cell)", "<= 250 MB",
                        rss, "MB", 250))
    finally:
        stop_kernel(km, kc)

    raw = {"spawn_s": spawn, "round_trip_ms": first, "round_trip_back_to_back_ms": back_to_back, "round_trip_after_fill_ms": later,
           "heartbeat_ms": [ms(b) for b in beats], "interrupt_stopped_spin": interrupted}
    return rows, raw


def _language(kc) -> str:
    msg_id = kc.kernel_info()
    while True:
        reply = kc.get_shell_msg(timeout=30)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"]["language_info"]["name"]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def table(rows: list[Row]) -> str:
    lines = ["| Metric | Target | Measured | |", "|---|---|---|---|"]
    lines += [f"| {r.metric} | {r.target} | {r.formatted()} | {r.verdict} |" for r in rows]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kernel", default=os.environ.get("LAKEHOUSE_TEST_KERNEL", "lakehouse-java"))
    parser.add_argument("--spawns", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=20, help="untimed cells before measuring")
    parser.add_argument("--idle", type=float, default=0,
                        help="seconds the kernel sits idle after it answered kernel_info before the timed cells, as "
                             "while a user opens a notebook (the kernel warms javac up meanwhile); with --idle, "
                             "a second fresh kernel also measures cells sent at once, for context")
    parser.add_argument("--cells", type=int, default=200, help="timed cells per round-trip sample")
    parser.add_argument("--fill", type=int, default=3000, help="cells run in the kernel before the late sample")
    parser.add_argument("--pings", type=int, default=500)
    parser.add_argument("--settle", type=float, default=10,
                        help="further idle seconds before the idle-RSS sample (the idle-time warm-up ends first)")
    parser.add_argument("--skip-spark", action="store_true")
    parser.add_argument("--quick", action="store_true", help="3 spawns, 50 cells, fill 500, 100 pings")
    parser.add_argument("--json", type=Path, help="also write raw samples to this file")
    args = parser.parse_args()
    if args.quick:
        args.spawns, args.cells, args.fill, args.pings, args.warmup = 3, 50, 500, 100, 10

    rows, raw = run(args)
    command = "./lakehouse bench kernel" + (" " + " ".join(sys.argv[1:]) if sys.argv[1:] else "")
    print(f"Kernel `{args.kernel}`, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {machine()}")
    print(f"Command: `{command}`\n")
    print(table(rows))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"kernel": args.kernel, "rows": [r.__dict__ for r in rows], **raw}, indent=1))
    return 0 if all(r.verdict != "MISSED" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
