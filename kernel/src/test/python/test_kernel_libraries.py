"""The kernel's own wire libraries (jeromq, jnacl, basekernel) are relocated inside its jar: a notebook
does not see them and can add any version of them with %maven (from Maven Central). Libraries Spark
needs stay Spark's: the Gson a notebook sees is Spark's, not the older one basekernel would bring."""
from __future__ import annotations

import zipfile
from pathlib import Path

from kernel_harness import run_error, run_ok

RELOCATED = ("jeromq-", "jnacl-", "jupyter-jvm-basekernel-")


def test_the_kernel_jar_lists_its_lib_folder_without_the_relocated_libraries_it_carries(repo_root: Path) -> None:
    target = repo_root / "kernel" / "target"
    with zipfile.ZipFile(target / "lakehouse-kernel.jar") as jar:
        manifest = jar.read("META-INF/MANIFEST.MF").decode().replace("\r\n ", "").replace("\n ", "")
        names = jar.namelist()
    class_path = next(line for line in manifest.splitlines() if line.startswith("Class-Path:")).split()[1:]
    assert len(class_path) > 100  # space-separated entries, Spark's jars among them
    assert not [entry for entry in class_path if not (target / entry).is_file()]
    assert not [entry for entry in class_path if entry.removeprefix("lib/").startswith(RELOCATED)]
    assert "dev/lakehouse/kernel/shaded/org/zeromq/ZContext.class" in names
    assert not [name for name in names if name.startswith(("org/zeromq/", "zmq/", "META-INF/maven/"))]


def jar_of(kernel, class_name: str) -> str:
    return run_ok(kernel, f"{class_name}.class.getProtectionDomain().getCodeSource().getLocation().getPath()").text


def test_the_kernels_wire_library_is_not_on_the_notebooks_class_path(kernel) -> None:
    failed = run_error(kernel, 'Class.forName("org.zeromq.ZMQ")')
    assert failed.errors[0]["ename"] == "java.lang.ClassNotFoundException", failed.describe()


def test_a_notebook_gets_the_jeromq_it_asks_for(kernel) -> None:
    run_ok(kernel, "%maven org.zeromq:jeromq:0.5.4", timeout=180)
    assert jar_of(kernel, "org.zeromq.ZMQ").endswith("jeromq-0.5.4.jar")  # not the 0.6.0 the kernel runs on
    run_ok(kernel, "try (var context = new org.zeromq.ZContext()) { context.createSocket(org.zeromq.SocketType.PAIR).close(); }")


def test_the_notebooks_gson_is_sparks(kernel) -> None:  # Spark 4.0.1 brings Gson 2.11.0 (through Tink)
    assert jar_of(kernel, "com.google.gson.Gson").endswith("gson-2.11.0.jar")
