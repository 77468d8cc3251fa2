"""MLflow acceptance 1 and 2: notebooks/mlflow.ipynb runs headless in the Java kernel against a real
`mlflow server`, and the official Python client then finds everything the notebook logged: params,
metrics and tags, the model's MLmodel and sparkml/ artifacts, the registered version behind the
alias, and lineage tags naming the Delta table and the version the run read."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from urllib.parse import urlparse

import pytest

mlflow = pytest.importorskip("mlflow", reason="mlflow is not installed: pip install -r requirements-dev.txt")
from mlflow.tracking import MlflowClient  # noqa: E402
from notebook_runner import execute_notebook  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[4]
NOTEBOOK = REPO_ROOT / "notebooks" / "mlflow.ipynb"
EXPERIMENT = "lakehouse-houses"
RUN_NAME = "houses-linear"
MODEL_NAME = "houses-price"


@pytest.fixture(scope="module")
def executed_notebook(tracking_server: str, tmp_path_factory: pytest.TempPathFactory):
    return execute_notebook(NOTEBOOK, {
        "MLFLOW_TRACKING_URI": tracking_server,
        "LAKEHOUSE_HOME": str(tmp_path_factory.mktemp("lakehouse-home")),
        "JPY_SESSION_NAME": str(NOTEBOOK),
    })


@pytest.fixture(scope="module")
def client(tracking_server: str) -> MlflowClient:
    mlflow.set_tracking_uri(tracking_server)
    return MlflowClient(tracking_uri=tracking_server)


@pytest.fixture(scope="module")
def run(executed_notebook, client: MlflowClient):
    experiment = client.get_experiment_by_name(EXPERIMENT)
    assert experiment is not None, f"the notebook did not create experiment {EXPERIMENT!r}"
    runs = client.search_runs([experiment.experiment_id], filter_string=f"attributes.run_name = '{RUN_NAME}'")
    assert len(runs) == 1, [r.info.run_name for r in runs]
    return runs[0]


def _outputs_text(nb) -> str:
    texts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            texts.append(output.get("text", "") or output.get("data", {}).get("text/plain", ""))
    return "\n".join(texts)


def test_run_has_the_params_metrics_and_tags(run, client: MlflowClient):
    assert run.info.status == "FINISHED"
    assert run.data.params["maxIter"] == "50"
    assert run.data.params["regParam"] == "0.1"
    assert run.data.params["model"] == "LinearRegression"
    assert 0 < run.data.metrics["rmse"] < 50_000
    objective = client.get_metric_history(run.info.run_id, "objective")
    assert len(objective) > 1 and [m.step for m in objective] == list(range(len(objective)))
    assert run.data.tags["dataset"] == "houses"
    assert run.data.tags["mlflow.source.name"].endswith("mlflow.ipynb")
    assert run.data.tags["mlflow.source.type"] == "NOTEBOOK"


def test_artifacts_hold_mlmodel_and_sparkml_readable_by_mlflow(run, client: MlflowClient):
    listed = {a.path: a.is_dir for a in client.list_artifacts(run.info.run_id, "model")}
    assert listed.get("model/MLmodel") is False
    assert listed.get("model/sparkml") is True
    assert any(a.path.startswith("model/sparkml/stages") for a in client.list_artifacts(run.info.run_id, "model/sparkml"))

    info = mlflow.models.get_model_info(f"runs:/{run.info.run_id}/model")
    assert info.flavors["spark"]["model_data"] == "sparkml"
    assert info.flavors["python_function"]["loader_module"] == "mlflow.spark"
    assert [c["name"] for c in info.signature.inputs.to_dict()] == ["size", "rooms", "built"]
    assert info.signature.outputs.to_dict()[0]["name"] == "prediction"
    assert info.saved_input_example_info["type"] == "dataframe"


def test_registered_version_has_the_alias(run, client: MlflowClient):
    version = client.get_model_version_by_alias(MODEL_NAME, "champion")
    assert version.run_id == run.info.run_id
    assert version.status == "READY"
    assert version.source.endswith("/model")


def test_lineage_tags_name_the_delta_table_and_the_version_read(run):
    tags = run.data.tags
    version_tag = tags["lakehouse.lineage.delta.spark_catalog.default.houses"]
    inputs = json.loads(tags["lakehouse.lineage.inputs"])
    assert [i["table"] for i in inputs] == ["spark_catalog.default.houses"]
    table_dir = Path(urlparse(inputs[0]["path"]).path)
    # the version read is the table's newest commit when the notebook trained on it
    newest = max(int(p.stem) for p in (table_dir / "_delta_log").glob("*.json"))
    assert version_tag == str(newest) == str(inputs[0]["version"])
    assert tags["lakehouse.notebook.path"].endswith("notebooks/mlflow.ipynb")


def test_the_run_records_the_cells_the_kernel_ran(run, executed_notebook):
    """The kernel's cell hook reports every cell: the run's tags hash them, its artifact holds them."""
    tags = run.data.tags
    count = int(tags["lakehouse.cells.count"])
    code_cells = [c.source for c in executed_notebook.cells if c.cell_type == "code"]
    assert 5 <= count <= len(code_cells)
    digest = hashlib.sha256()
    for source in code_cells[:count]:
        encoded = source.encode()
        digest.update(f"{len(encoded)}:".encode() + encoded)
    assert tags["lakehouse.cells.sha256"] == digest.hexdigest()
    saved = mlflow.artifacts.load_text(f"{run.info.artifact_uri}/lakehouse/cells.java")
    assert saved.count("// ---- cell ") == count
    assert "new LinearRegression()" in saved


def test_notebook_loaded_the_champion_and_predicted(executed_notebook):
    text = _outputs_text(executed_notebook)
    assert "Loaded models:/houses-price@champion (version 1)" in text
    assert "prediction" in text
    assert "view houses = spark_catalog.default.houses VERSION AS OF" in text
    errors = [o for c in executed_notebook.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []
