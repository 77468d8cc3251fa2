"""Acceptance 6 and 7: JShell state semantics across cells, bounded memory for re-run cells, and
cell lambdas / UDFs that see notebook variables inside Spark jobs."""
from __future__ import annotations

import re

import pytest

from kernel_harness import run_ok

SPARK_TIMEOUT = 180


def test_redefining_a_method_keeps_unrelated_variables(kernel) -> None:
    run_ok(kernel, "int methodKeep = 10;\nint scaled(int x) { return 2 * x; }")
    assert run_ok(kernel, "scaled(4)").text == "8"
    run_ok(kernel, "int scaled(int x) { return 3 * x; }")
    assert run_ok(kernel, "scaled(4)").text == "12"
    run_ok(kernel, "long scaled(int x) { return 5L * x; }", timeout=30)  # new return type, same signature
    assert run_ok(kernel, "scaled(4)").text == "20"
    assert run_ok(kernel, "methodKeep").text == "10"


def test_changing_a_static_method_signature_does_not_hang(kernel) -> None:
    run_ok(kernel, "static int shape(int a) { return a; }\nint shapeKeep = 3;")
    run_ok(kernel, "static int shape(int a, int b) { return a + b; }", timeout=30)
    assert run_ok(kernel, "shape(1, 2) + shape(4)").text == "7"
    assert run_ok(kernel, "shapeKeep").text == "3"


def test_redefining_a_class_keeps_unrelated_variables(kernel) -> None:
    run_ok(kernel, "class Shape { int sides() { return 3; } }\nint classKeep = 20;")
    run_ok(kernel, "class Shape { int sides() { return 4; } int corners() { return 4; } }")
    assert run_ok(kernel, "new Shape().sides() + new Shape().corners()").text == "8"
    assert run_ok(kernel, "classKeep").text == "20"


def test_later_import_does_not_null_earlier_variables(kernel) -> None:
    run_ok(kernel, 'List<String> importKeep = new ArrayList<>(List.of("a", "b"));\nint importCount = 30;\n'
                   'java.util.Map<String, Integer> importMap = new java.util.HashMap<>(java.util.Map.of("k", 1));')
    run_ok(kernel, "import java.util.concurrent.ConcurrentHashMap;")
    run_ok(kernel, "import java.time.*;")
    assert run_ok(kernel, "importKeep.size() + importCount + importMap.get(\"k\")").text == "33"


def used_heap_after_gc(kernel) -> int:
    run = run_ok(kernel, "System.gc(); System.gc();\n"
                         "Runtime heap = Runtime.getRuntime();\n"
                         'System.out.println("USED_HEAP=" + (heap.totalMemory() - heap.freeMemory()));')
    return int(re.search(r"USED_HEAP=(\d+)", run.stdout).group(1))


def test_rerunning_a_cell_that_defines_a_class_and_an_instance(kernel) -> None:
    cell = "class RerunShape { int sides = 5; }\nRerunShape rerunShape = new RerunShape();\nrerunShape.sides"
    for attempt in range(3):
        assert run_ok(kernel, cell).text == "5", f"run {attempt + 1}"


def test_rerunning_a_cell_does_not_grow_memory_without_bound(kernel) -> None:
    # 4 MB per run: if overwritten snippets kept their values, 90 more runs would pin ~360 MB.
    cell = "long[] rerunPayload = new long[500_000];\nint rerunLength(long[] xs) { return xs.length; }\n" \
           "rerunLength(rerunPayload)"
    for _ in range(10):
        run_ok(kernel, cell)
    after_10 = used_heap_after_gc(kernel)
    for _ in range(90):
        run_ok(kernel, cell)
    after_100 = used_heap_after_gc(kernel)
    assert after_100 < after_10 * 1.5, f"used heap grew from {after_10 >> 20} MB to {after_100 >> 20} MB"


@pytest.fixture(scope="module")
def spark_imports(kernel) -> None:
    run_ok(kernel, "import org.apache.spark.api.java.function.MapFunction;\n"
                   "import org.apache.spark.sql.Encoders;\n"
                   "import org.apache.spark.sql.api.java.UDF1;\n"
                   "import org.apache.spark.sql.types.DataTypes;")


def test_lambda_in_spark_job_sees_notebook_variable(kernel, spark_imports) -> None:
    run_ok(kernel, "int factor = 7;")
    run = run_ok(kernel, "spark.range(5).map((MapFunction<Long, Long>) x -> x * factor, Encoders.LONG()).collectAsList()",
                 timeout=SPARK_TIMEOUT)
    assert run.text == "[0, 7, 14, 21, 28]", run.describe()


def test_lambda_sees_redefined_notebook_variable(kernel, spark_imports) -> None:
    run_ok(kernel, "int offset = 1;")
    run_ok(kernel, "int offset = 100;")
    run = run_ok(kernel, "spark.range(3).map((MapFunction<Long, Long>) x -> x + offset, Encoders.LONG()).collectAsList()",
                 timeout=SPARK_TIMEOUT)
    assert run.text == "[100, 101, 102]", run.describe()


def test_udf_registered_in_a_cell_works_in_sql(kernel, spark_imports) -> None:
    run_ok(kernel, "int udfShift = 7;")
    run_ok(kernel, 'spark.udf().register("shifted", (UDF1<Long, Long>) x -> x + udfShift, DataTypes.LongType);',
           timeout=SPARK_TIMEOUT)
    run = run_ok(kernel, 'spark.sql("SELECT shifted(id) AS v FROM range(3) ORDER BY v").as(Encoders.LONG()).collectAsList()',
                 timeout=SPARK_TIMEOUT)
    assert run.text == "[7, 8, 9]", run.describe()
