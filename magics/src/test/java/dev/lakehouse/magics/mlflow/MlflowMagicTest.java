package dev.lakehouse.magics.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.api.MagicException;
import dev.lakehouse.magics.testing.Magics;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code %mlflow} as a user types it, against a real tracking server. */
@ExtendWith(MlflowServerExtension.class)
class MlflowMagicTest {
    private MlflowSession session;
    private MlflowMagic magic;
    private CellRunningContext context;
    private String experiment;

    @BeforeEach
    void connect(MlflowServer server) {
        session = new MlflowSession(Map.of(), 0);
        magic = new MlflowMagic(session);
        context = new CellRunningContext(null);
        context.recorded.withNotebook(Path.of("notebooks/churn.ipynb"));
        experiment = "magic-" + UUID.randomUUID();
        assertThat(text("%mlflow connect " + server.uri())).startsWith("Connected to MLflow 3.");
        text("%mlflow experiment " + experiment + " --create");
    }

    @AfterEach
    void endLeftoverRun() {
        session.activeRun().ifPresent(r -> session.endRun(RunStatus.KILLED));
        session.close();
    }

    @Test
    void startLogAndEndARunThenSeeItInTheRunsTable() {
        Object started = run("%mlflow run start --name baseline --tag team=ml --tag 'purpose=first try'");
        assertThat(((DisplayData) started).data().get(DisplayData.HTML).toString()).contains("/#/experiments/");
        String runId = session.activeRun().orElseThrow().id();

        text("%mlflow log param maxIter=20 regParam=0.1");
        text("%mlflow log metric rmse=0.52 r2=0.9 --step 3");
        text("%mlflow log tag stage=dev");
        assertThat(text("%mlflow run end")).contains("Ended run (FINISHED) baseline");

        Run stored = session.client().getRun(runId);
        assertThat(stored.params()).containsEntry("maxIter", "20").containsEntry("regParam", "0.1");
        assertThat(stored.metrics()).containsEntry("rmse", 0.52).containsEntry("r2", 0.9);
        assertThat(stored.tags()).containsEntry("team", "ml").containsEntry("purpose", "first try")
                .containsEntry("stage", "dev").containsEntry("mlflow.source.name", "notebooks/churn.ipynb")
                .containsEntry("mlflow.source.type", "NOTEBOOK").containsKey(MlflowSession.NOTEBOOK_PATH);
        assertThat(session.client().metricHistory(runId, "rmse")).extracting(Metric::step).containsExactly(3L);

        DisplayData table = (DisplayData) run("%mlflow runs --filter \"params.maxIter = '20'\" -n 5");
        assertThat(table.plainText()).contains(runId).contains("metrics.rmse").contains("0.52").contains("params.maxIter");
        assertThat(Magics.text(run("%mlflow runs --filter \"metrics.rmse > 1\""))).doesNotContain(runId);
    }

    @Test
    void cellMagicWrapsTheBodyInARunAndLogsItsSource() {
        context = new CellRunningContext(code -> {
            session.logMetric("inside", 1.0, 0);
            return 42;
        });
        Object value = run("%%mlflow run --name wrapped\nMlflow.logMetric(\"inside\", 1.0);");

        assertThat(value).isEqualTo(42);
        Run run = session.client().searchRuns(java.util.List.of(session.experiment().id()), "attributes.run_name = 'wrapped'",
                java.util.List.of(), 1).get(0);
        assertThat(run.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(run.metrics()).containsEntry("inside", 1.0);
        assertThat(run.tags()).containsEntry(MlflowMagic.CELL_SHA256, CellSources.sha256("Mlflow.logMetric(\"inside\", 1.0);"));
        assertThat(session.artifacts().list(run.artifactUri())).contains(MlflowMagic.CELL_ARTIFACT, "lakehouse");
        assertThat(session.activeRun()).isEmpty();
    }

    @Test
    void aFailingCellBodyEndsTheRunFailedAndStillFails() {
        context = new CellRunningContext(code -> {
            throw new IllegalStateException("boom in the cell");
        });
        assertThatThrownBy(() -> run("%%mlflow run --name broken\nthrow new IllegalStateException();"))
                .isInstanceOf(IllegalStateException.class).hasMessage("boom in the cell");

        Run run = session.client().searchRuns(java.util.List.of(session.experiment().id()), "attributes.run_name = 'broken'",
                java.util.List.of(), 1).get(0);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(session.activeRun()).isEmpty();
    }

    @Test
    void aKernelThatCannotRunCellBodiesSaysWhatToDoInsteadAndLeavesNoRun() {
        assertThatThrownBy(() -> run("%%mlflow run\nint x = 1;"))
                .isInstanceOf(MagicException.class).hasMessageContaining("%mlflow run start");
        assertThat(session.activeRun()).isEmpty();
        assertThat(session.client().searchRuns(java.util.List.of(session.experiment().id()), null, java.util.List.of(), 5)).isEmpty();
    }

    @Test
    void userMistakesGiveActionableErrors() {
        assertThatThrownBy(() -> run("%mlflow run end")).hasMessageContaining("No active run").hasMessageContaining("%mlflow run start");
        assertThatThrownBy(() -> run("%mlflow experiment " + experiment.substring(0, experiment.length() - 1)))
                .hasMessageContaining("No experiment").hasMessageContaining("Did you mean " + experiment).hasMessageContaining("--create");
        assertThatThrownBy(() -> run("%mlflow connect localhost:5000")).hasMessageContaining("http(s)://HOST:PORT");
        assertThatThrownBy(() -> run("%mlflow log metric rmse=low")).hasMessageContaining("must be a number");
        assertThatThrownBy(() -> run("%mlflow log param novalue")).hasMessageContaining("Expected KEY=VALUE");
        assertThatThrownBy(() -> run("%mlflow run")).hasMessageContaining("%mlflow run start");
        assertThatThrownBy(() -> run("%mlflow reproduce 0123456789abcdef0123456789abcdef")).hasMessageContaining("No run");
        assertThatThrownBy(() -> run("%mlflow lg metric a=1")).hasMessageContaining("Unknown %mlflow command 'lg'. Did you mean log");
        assertThatThrownBy(() -> run("%%mlflow runs\nbody")).hasMessageContaining("Only `run` is a cell magic");
        run("%mlflow run start");
        assertThatThrownBy(() -> run("%mlflow run start")).hasMessageContaining("already active");
    }

    @Test
    void anUnreachableServerIsReportedAndTheSessionKeepsItsConnection() throws Exception {
        String port = String.valueOf(MlflowServer.freePort());
        assertThatThrownBy(() -> run("%mlflow connect http://127.0.0.1:" + port))
                .isInstanceOf(MlflowUnreachableException.class).hasMessageContaining("Cannot reach the MLflow tracking server");
        assertThat(text("%mlflow experiment")).contains(experiment);
    }

    @Test
    void everySubcommandAnswersHelp() {
        assertThat(text("%mlflow --help")).contains("log-model").contains("reproduce").contains("%%mlflow run");
        assertThat(text("%mlflow log-model --help")).contains("--register").contains("--input-example");
        assertThat(text("%mlflow status")).contains("Active run: none").contains("Metrics waiting to be sent: 0");
    }

    private Object run(String cell) {
        return Magics.run(magic, context, cell);
    }

    private String text(String cell) {
        return Magics.text(run(cell));
    }
}
