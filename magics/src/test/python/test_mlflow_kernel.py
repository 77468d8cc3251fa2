"""%mlflow through a real kernel: the %%mlflow run cell wrapper (MagicContext.runCell wired into the
engine), clear errors that leave the kernel running (acceptance 3), and metrics logged while the
server is down: the cell fails saying so, nothing is dropped, and they arrive once it is back."""
from __future__ import annotations

import socket
import threading
import uuid
from pathlib import Path

import pytest

mlflow = pytest.importorskip("mlflow", reason="mlflow is not installed: pip install -r requirements-dev.txt")
from mlflow.tracking import MlflowClient  # noqa: E402

from kernel_harness import execute, kernel_spec_exists, start_kernel, stop_kernel  # noqa: E402
from mlflow_server import free_port  # noqa: E402

EXPERIMENT = "kernel-e2e-" + uuid.uuid4().hex[:8]


class OnOffProxy:
    """A TCP forwarder to the tracking server that can be switched off: an outage the kernel sees."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = free_port()
        self._listener: socket.socket | None = None
        self._connections: list[socket.socket] = []
        self._lock = threading.Lock()
        self.up()

    def up(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def down(self) -> None:
        with self._lock:
            listener, self._listener = self._listener, None
            connections, self._connections = self._connections, []
        if listener:
            # shutdown wakes the thread blocked in accept(); close alone would leave the port listening
            try:
                listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            listener.close()
        for c in connections:
            c.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                client.close()
                continue
            with self._lock:
                self._connections += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.close()
                except OSError:
                    pass


@pytest.fixture(scope="module")
def client(tracking_server: str) -> MlflowClient:
    mlflow.set_tracking_uri(tracking_server)  # mlflow.artifacts.* resolve mlflow-artifacts: URIs through it
    return MlflowClient(tracking_uri=tracking_server)


@pytest.fixture(scope="module")
def kernel(tracking_server: str, tmp_path_factory: pytest.TempPathFactory):
    if not kernel_spec_exists():
        pytest.fail("the kernelspec is not installed; run ./lakehouse setup")
    km, kc = start_kernel(extra_env={
        "MLFLOW_TRACKING_URI": tracking_server,
        "LAKEHOUSE_HOME": str(tmp_path_factory.mktemp("lakehouse-home")),
        "LAKEHOUSE_SPARK_MASTER": "local[2]",
        "LAKEHOUSE_SPARK_CONF": "spark.sql.shuffle.partitions=2",
    })
    yield kc
    stop_kernel(km, kc)


def ok(kc, code: str):
    run = execute(kc, code)
    assert run.status == "ok", run.describe()
    return run


def failed(kc, code: str) -> str:
    """Runs a cell that must fail with exactly one error; returns its message. The kernel must still answer."""
    run = execute(kc, code)
    assert run.status == "error", run.describe()
    assert len(run.errors) == 1, run.describe()
    alive = execute(kc, "1 + 1")
    assert alive.status == "ok" and alive.text == "2", alive.describe()
    return run.errors[0]["evalue"]


@pytest.fixture(scope="module")
def connected(kernel, tracking_server: str):
    ok(kernel, f"%mlflow connect {tracking_server}\n%mlflow experiment {EXPERIMENT} --create")
    return kernel


def runs_named(client: MlflowClient, name: str):
    experiment = client.get_experiment_by_name(EXPERIMENT)
    return client.search_runs([experiment.experiment_id], filter_string=f"attributes.run_name = '{name}'")


def test_cell_wrapper_runs_the_body_in_a_run_logs_its_source_and_keeps_its_variables(connected, client):
    body = 'int answer = 6 * 7;\ndev.lakehouse.magics.mlflow.Mlflow.logMetric("answer", answer);\nanswer'
    run = ok(connected, "%%mlflow run --name wrapped --tag kind=e2e\n" + body)
    assert "42" in run.text, run.describe()
    assert ok(connected, "answer + 1").text == "43"

    [logged] = runs_named(client, "wrapped")
    assert logged.info.status == "FINISHED"
    assert logged.data.metrics["answer"] == 42
    assert logged.data.tags["kind"] == "e2e"
    source = mlflow.artifacts.load_text(f"{logged.info.artifact_uri}/cell.java")
    assert source.strip() == body
    assert "Active run: none" in ok(connected, "%mlflow status").stdout + ok(connected, "%mlflow status").text


def test_a_failing_body_ends_the_run_failed_and_fails_the_cell(connected, client):
    message = failed(connected, '%%mlflow run --name broken\nint before = 1;\nif (before == 1) throw new IllegalStateException("boom");')
    assert "boom" in message
    [logged] = runs_named(client, "broken")
    assert logged.info.status == "FAILED"
    # a %line magic failing inside the body fails the run too
    assert "Unknown %mlflow command" in failed(connected, "%%mlflow run --name broken-magic\n%mlflow nonsense")
    assert runs_named(client, "broken-magic")[0].info.status == "FAILED"


@pytest.mark.parametrize("cell, expected", [
    (f"%mlflow connect http://127.0.0.1:{free_port()}", "Cannot reach the MLflow tracking server"),
    ("%mlflow connect ftp://example.org", "ftp"),
    ("%mlflow connect not a uri", "connect"),
    ("%mlflow experiment no-such-experiment-" + uuid.uuid4().hex[:6], "--create"),
    ("%mlflow load-model runs:/0123456789abcdef0123456789abcdef/model -o m", "0123456789abcdef0123456789abcdef"),
    ("%mlflow log metric rmse=fast", "rmse"),
    ("%mlflow runs --bogus", "--bogus"),
], ids=["unreachable", "wrong-scheme", "not-a-uri", "unknown-experiment", "unknown-run", "bad-metric", "bad-option"])
def test_mistakes_give_clear_errors_and_the_kernel_continues(connected, cell, expected):
    message = failed(connected, cell)
    assert expected in message, message
    assert len(message) < 2000 and "\tat " not in message, message


@pytest.mark.parametrize("command, option", [
    ("", "log-model"), ("connect", "--retry-seconds"), ("experiment", "--create"), ("run", "--status"),
    ("log", "--step"), ("runs", "--order-by"), ("log-model", "--register"), ("load-model", "-o"),
    ("reproduce", "RUN_ID"), ("flush", "flush"), ("status", "status"),
])
def test_every_subcommand_answers_help_with_its_own_options(connected, command, option):
    run = ok(connected, f"%mlflow {command} --help".replace("  ", " "))
    text = run.text + run.stdout
    assert text.startswith(f"Usage: %mlflow {command}".rstrip()), run.describe()
    assert option in text, run.describe()


def test_metrics_logged_while_the_server_is_down_fail_the_cell_clearly_then_arrive(kernel, tracking_server, client):
    proxy = OnOffProxy(int(tracking_server.rsplit(":", 1)[1]))
    try:
        ok(kernel, f"%mlflow connect http://127.0.0.1:{proxy.port} --retry-seconds 1\n"
                   f"%mlflow experiment {EXPERIMENT}\n%mlflow run start --name outage")
        proxy.down()
        message = failed(kernel, 'for (int i = 0; i < 50; i++) dev.lakehouse.magics.mlflow.Mlflow.logMetric("loss", 1.0 / (i + 1), i);')
        assert "50 metric values are not delivered yet" in message, message
        # only the cell that logged them waits for them: later cells run (failed() checked `1 + 1`)
        assert "Metrics waiting to be sent: 50" in ok(kernel, "%mlflow status").text + ok(kernel, "%mlflow status").stdout
        proxy.up()
        ok(kernel, "%mlflow run end")
    finally:
        proxy.down()
        execute(kernel, f"%mlflow connect {tracking_server}")

    [logged] = runs_named(client, "outage")
    assert logged.info.status == "FINISHED"
    history = client.get_metric_history(logged.info.run_id, "loss")
    assert sorted(m.step for m in history) == list(range(50))
