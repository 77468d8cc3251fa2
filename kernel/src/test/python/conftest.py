"""Fixtures for end-to-end tests of the kernel through real Jupyter clients.

The kernelspec must already be installed into the Python environment running pytest
(`./lakehouse setup` does that). Kernels started here get a throw-away LAKEHOUSE_HOME and a small
local Spark (local[2], 2 shuffle partitions) so tests neither touch the user's data nor the CPU budget.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from kernel_harness import KERNEL_NAME, kernel_spec_exists, start_kernel, stop_kernel  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[4]


@pytest.fixture(scope="session", autouse=True)
def isolated_environment(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("lakehouse-home")
    os.environ["LAKEHOUSE_HOME"] = str(home)
    os.environ.setdefault("LAKEHOUSE_SPARK_MASTER", "local[2]")
    os.environ.setdefault("LAKEHOUSE_SPARK_CONF", "spark.sql.shuffle.partitions=2")
    os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    if not kernel_spec_exists():
        pytest.exit(
            f"kernelspec {KERNEL_NAME!r} is not installed for {sys.executable}; run ./lakehouse setup", returncode=3
        )
    return home


@pytest.fixture(scope="session")
def kernel(isolated_environment: Path):
    """One kernel shared by tests that only add state. Use unique variable names per test."""
    km, kc = start_kernel()
    yield kc
    stop_kernel(km, kc)


@pytest.fixture(scope="module")
def module_kernel(isolated_environment: Path):
    """A kernel of its own for a test module whose tests are hard on the kernel (interrupts, attacks)."""
    km, kc = start_kernel()
    yield km, kc
    stop_kernel(km, kc)


@pytest.fixture
def fresh_kernel(isolated_environment: Path):
    """A new kernel for one test that kills, restarts or exhausts it."""
    km, kc = start_kernel()
    yield km, kc
    stop_kernel(km, kc)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def jupyter_bin() -> Path:
    """The `jupyter` command of the environment running the tests (the venv's)."""
    return Path(sys.executable).parent / "jupyter"
