"""The kernel's own wire libraries (jeromq, basekernel's Gson) are relocated inside its jar: a notebook
does not see them, and can add any version of them with %maven (from Maven Central)."""
from __future__ import annotations

from kernel_harness import run_error, run_ok


def test_the_kernels_wire_libraries_are_not_on_the_notebooks_class_path(kernel) -> None:
    for name in ("org.zeromq.ZMQ", "com.google.gson.Gson"):
        failed = run_error(kernel, f'Class.forName("{name}")')
        assert failed.errors[0]["ename"] == "java.lang.ClassNotFoundException", failed.describe()


def test_a_notebook_gets_the_gson_version_it_asks_for(kernel) -> None:
    run_ok(kernel, "%maven com.google.code.gson:gson:2.11.0", timeout=180)
    jar = run_ok(kernel, "com.google.gson.Gson.class.getProtectionDomain().getCodeSource().getLocation().getPath()")
    assert jar.text.endswith("gson-2.11.0.jar"), jar.describe()
    # an API that Gson 2.8.5 (basekernel's) did not have
    json = run_ok(kernel, 'new com.google.gson.GsonBuilder().setStrictness(com.google.gson.Strictness.LENIENT)'
                          '.create().toJson(java.util.Map.of("lake", 1))')
    assert json.text == '{"lake":1}', json.describe()
