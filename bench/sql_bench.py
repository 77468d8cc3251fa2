#!/usr/bin/env python3
"""%%sql latency benchmark (issue 3, acceptance 6): prints a markdown table of

  warm `%%sql SELECT count(*) FROM t` on a 10,000-row Delta table, end to end through jupyter_client
  (execute_request sent -> idle status received), p50 / p95 / max, in a kernel with the kernel's own
  interactive settings and in a kernel with Spark's and Delta's defaults for the settings the kernel
  tunes, measured in the same run, interleaved query by query so both see the same machine load.

Both kernels share one throw-away warehouse (LAKEHOUSE_HOME in a temp dir). Targets: tuned p50 <= 200 ms,
p95 <= 500 ms. Run: ./lakehouse bench sql [--queries 100] [--kernel NAME]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "kernel" / "src" / "test" / "python"))

from kernel_harness import run_ok, start_kernel, stop_kernel  # noqa: E402

QUERY = "%%sql\nSELECT count(*) FROM bench_sql_t"
ROWS = 10_000
P50_LIMIT_MS, P95_LIMIT_MS = 200.0, 500.0
# What Spark 4.0 and Delta 4.0 use when nobody sets them; the kernel's own values are in SparkSettings.
SPARK_DEFAULTS = "spark.sql.shuffle.partitions=200;spark.databricks.delta.snapshotPartitions=50;spark.sql.adaptive.enabled=true"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def to_idle_ms(kc, code: str) -> float:
    """Milliseconds from sending execute_request to the idle status of that request."""
    started = time.perf_counter()
    msg_id = kc.execute(code)
    while True:
        msg = kc.get_iopub_msg(timeout=120)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "error":
            raise RuntimeError(f"{code!r} failed: {msg['content']['evalue']}")
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            elapsed = (time.perf_counter() - started) * 1000
            break
    while True:
        reply = kc.get_shell_msg(timeout=60)
        if reply["parent_header"].get("msg_id") == msg_id:
            assert reply["content"]["status"] == "ok", reply["content"]
            return elapsed


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kernel", default=os.environ.get("LAKEHOUSE_TEST_KERNEL", "lakehouse-java"))
    parser.add_argument("--warmup", type=int, default=10, help="untimed queries per kernel")
    parser.add_argument("--queries", type=int, default=100, help="timed queries per kernel")
    args = parser.parse_args()

    load_before = load_average()
    with tempfile.TemporaryDirectory(prefix="sql-bench-") as home:
        base = {"LAKEHOUSE_HOME": home, "LAKEHOUSE_SPARK_CONF": ""}
        kernels = {
            "kernel defaults (tuned)": start_kernel(args.kernel, extra_env=base),
            "Spark/Delta defaults": start_kernel(args.kernel, extra_env={**base, "LAKEHOUSE_SPARK_CONF": SPARK_DEFAULTS}),
        }
        try:
            first_kc = next(iter(kernels.values()))[1]
            run_ok(first_kc, f"%%sql\nCREATE OR REPLACE TABLE bench_sql_t USING delta AS "
                             f"SELECT id, id % 10 AS k FROM range({ROWS})", timeout=300)
            for _, kc in kernels.values():
                count = run_ok(kc, "%%sql --format json\nSELECT count(*) AS n FROM bench_sql_t", timeout=300)
                assert count.result["application/json"] == [{"n": ROWS}], count.describe()
                for _ in range(args.warmup):
                    to_idle_ms(kc, QUERY)
            samples: dict[str, list[float]] = {name: [] for name in kernels}
            for _ in range(args.queries):
                for name, (_, kc) in kernels.items():
                    samples[name].append(to_idle_ms(kc, QUERY))
        finally:
            for km, kc in kernels.values():
                stop_kernel(km, kc)
    load_after = load_average()

    tuned, defaults = samples["kernel defaults (tuned)"], samples["Spark/Delta defaults"]
    command = "./lakehouse bench sql" + (" " + " ".join(sys.argv[1:]) if sys.argv[1:] else "")
    print(f"Kernel `{args.kernel}`, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores")
    print(f"Command: `{command}`; load average (1/5/15 min) before {load_before}, after {load_after}")
    print(f"Query: `{QUERY.splitlines()[1]}` on a {ROWS:,}-row Delta table, {args.queries} timed per kernel "
          f"after {args.warmup} warm-up, interleaved\n")
    print("| settings | n | p50 ms | p95 ms | max ms | verdict |")
    print("|---|---:|---:|---:|---:|---|")
    ok = percentile(tuned, 50) <= P50_LIMIT_MS and percentile(tuned, 95) <= P95_LIMIT_MS
    for name, values, verdict in [("kernel defaults (tuned)", tuned, "ok" if ok else "MISSED"),
                                  (f"Spark/Delta defaults (`{SPARK_DEFAULTS}`)", defaults, "")]:
        print(f"| {name} | {len(values)} | {percentile(values, 50):.0f} | {percentile(values, 95):.0f} "
              f"| {max(values):.0f} | {verdict} |")
    print(f"| ratio defaults / tuned | | {percentile(defaults, 50) / percentile(tuned, 50):.2f}x "
          f"| {percentile(defaults, 95) / percentile(tuned, 95):.2f}x | | |")
    print(f"\nTargets (tuned): p50 <= {P50_LIMIT_MS:.0f} ms, p95 <= {P95_LIMIT_MS:.0f} ms")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
