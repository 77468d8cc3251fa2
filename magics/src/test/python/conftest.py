"""Fixtures for the magics' end-to-end tests: one real `mlflow server` for the whole pytest session,
and the kernel harness of kernel/src/test/python (start a kernel, run cells, collect the output)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
REPO_ROOT = HERE.parents[3]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO_ROOT / "kernel" / "src" / "test" / "python"))


@pytest.fixture(scope="session")
def tracking_server(tmp_path_factory: pytest.TempPathFactory):
    """The URI of a real MLflow tracking server on 127.0.0.1, stopped after the session."""
    pytest.importorskip("mlflow", reason="mlflow is not installed: pip install -r requirements-dev.txt")
    from mlflow_server import running_server

    with running_server(tmp_path_factory.mktemp("mlflow-server")) as uri:
        yield uri
