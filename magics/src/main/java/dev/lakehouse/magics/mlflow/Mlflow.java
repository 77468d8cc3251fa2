package dev.lakehouse.magics.mlflow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * MLflow from Java cells, sharing state with {@code %mlflow}:
 *
 * <pre>{@code
 * import dev.lakehouse.magics.mlflow.Mlflow;
 * Mlflow.startRun("baseline");
 * Mlflow.logParam("maxIter", 20);
 * for (int epoch = 0; epoch < 100; epoch++) Mlflow.logMetric("loss", loss[epoch], epoch);
 * Mlflow.logModel(model, "model", sample, "churn", "champion");
 * Mlflow.endRun();
 * PipelineModel champion = Mlflow.loadModel("models:/churn@champion");
 * }</pre>
 *
 * Logging without an active run starts one, as MLflow's Python API does. Metric values are
 * buffered and sent in batches; {@link #flush()} waits until the server has them.
 */
public final class Mlflow {
    private Mlflow() {}

    public static MlflowSession session() {
        return MlflowSession.global();
    }

    /** Connects to {@code uri} and checks it answers; returns the server's MLflow version. */
    public static String connect(String uri) {
        return session().connect(uri);
    }

    /** Makes an existing experiment current. */
    public static Experiment setExperiment(String name) {
        return session().setExperiment(name, false);
    }

    /** Makes {@code name} current, creating it if {@code create} and it does not exist. */
    public static Experiment setExperiment(String name, boolean create) {
        return session().setExperiment(name, create);
    }

    public static Run startRun() {
        return session().startRun(null, Map.of());
    }

    public static Run startRun(String name) {
        return session().startRun(name, Map.of());
    }

    public static Run startRun(String name, Map<String, String> tags) {
        return session().startRun(name, tags);
    }

    /** Ends the active run as FINISHED. */
    public static Run endRun() {
        return session().endRun(RunStatus.FINISHED);
    }

    public static Run endRun(RunStatus status) {
        return session().endRun(status);
    }

    public static Optional<Run> activeRun() {
        return session().activeRun();
    }

    public static void logMetric(String key, double value) {
        session().logMetric(key, value, 0);
    }

    public static void logMetric(String key, double value, long step) {
        session().logMetric(key, value, step);
    }

    public static void logMetrics(Map<String, ? extends Number> values) {
        values.forEach((k, v) -> session().logMetric(k, v.doubleValue(), 0));
    }

    public static void logParam(String key, Object value) {
        logParams(Map.of(key, value));
    }

    public static void logParams(Map<String, ?> params) {
        session().logParams(strings(params));
    }

    public static void setTag(String key, Object value) {
        setTags(Map.of(key, value));
    }

    public static void setTags(Map<String, ?> tags) {
        session().setTags(strings(tags));
    }

    /** Waits until every logged metric has reached the server; throws (keeping them) if it cannot. */
    public static void flush() {
        session().flush();
    }

    /** Logs a fitted Spark ML model under {@code model} in the active run. */
    public static SparkModels.LoggedModel logModel(Object model) {
        return logModel(model, "model", null, null, null);
    }

    public static SparkModels.LoggedModel logModel(Object model, String artifactPath) {
        return logModel(model, artifactPath, null, null, null);
    }

    /** With an input example: MLflow then also records the model's signature. */
    public static SparkModels.LoggedModel logModel(Object model, String artifactPath, Dataset<Row> inputExample) {
        return logModel(model, artifactPath, inputExample, null, null);
    }

    /** Logs and registers the model as {@code registerAs}, pointing {@code alias} (may be null) at the new version. */
    public static SparkModels.LoggedModel logModel(Object model, String artifactPath, Dataset<Row> inputExample,
                                                   String registerAs, String alias) {
        return new SparkModels(session()).log(model, "model", artifactPath, inputExample, registerAs, alias);
    }

    /** Loads {@code runs:/RUN_ID/PATH}, {@code models:/NAME/VERSION} or {@code models:/NAME@ALIAS}. */
    public static PipelineModel loadModel(String uri) {
        return new SparkModels(session()).load(uri).model();
    }

    /** Runs of the current experiment matching an MLflow filter (e.g. {@code "metrics.rmse < 1"}), newest first. */
    public static List<Run> searchRuns(String filter) {
        return session().searchRuns(null, filter, List.of("attributes.start_time DESC"), 100);
    }

    public static Run getRun(String runId) {
        return session().client().getRun(runId);
    }

    /** Registers the Delta table versions {@code runId} read as temp views; returns what was made. */
    public static List<LineageReplay.ReplayedView> reproduce(String runId) {
        return LineageReplay.replay(getRun(runId), Sparks.require("Reproducing a run's inputs"), null);
    }

    private static Map<String, String> strings(Map<String, ?> values) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }
}
