"""Runs a notebook headless in the Java kernel, as nbconvert does, with extra environment for the kernel."""
from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from nbconvert.preprocessors import ExecutePreprocessor

KERNEL_NAME = os.environ.get("LAKEHOUSE_TEST_KERNEL", "lakehouse-java")


def execute_notebook(notebook: Path, env: dict[str, str]):
    """The executed notebook; the kernel sees `env` (plus a small local Spark), the caller's environment is restored."""
    try:
        KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    except NoSuchKernel:
        pytest.fail(f"kernelspec {KERNEL_NAME!r} is not installed; run ./lakehouse setup")
    saved = dict(os.environ)
    os.environ.update({"LAKEHOUSE_SPARK_MASTER": "local[2]", "LAKEHOUSE_SPARK_CONF": "spark.sql.shuffle.partitions=2", **env})
    try:
        nb = nbformat.read(notebook, as_version=4)
        ExecutePreprocessor(timeout=600, kernel_name=KERNEL_NAME).preprocess(nb, {"metadata": {"path": str(notebook.parent)}})
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return nb
