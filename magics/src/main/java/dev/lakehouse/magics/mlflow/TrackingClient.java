package dev.lakehouse.magics.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The MLflow REST calls the kernel needs — tracking (experiments, runs, log-batch, search) and the
 * model registry (registered models, versions, aliases) — over our own small HTTP client rather
 * than {@code org.mlflow:mlflow-client} (see docs/MLFLOW.md for why).
 */
public final class TrackingClient {
    /** MLflow's per-request limits for runs/log-batch. */
    public static final int MAX_METRICS_PER_BATCH = 1000;
    public static final int MAX_PARAMS_PER_BATCH = 100;
    public static final int MAX_TAGS_PER_BATCH = 100;

    private final MlflowHttp http;
    private volatile RetryPolicy retry;

    public TrackingClient(URI trackingUri, RetryPolicy retry) {
        this(trackingUri, retry, Map.of());
    }

    /** With credentials from {@code env}, as MLflow's own clients read them (see {@link #authorization}). */
    public TrackingClient(URI trackingUri, RetryPolicy retry, Map<String, String> env) {
        this.http = new MlflowHttp(trackingUri, authorization(env));
        this.retry = retry;
    }

    /** {@code MLFLOW_TRACKING_TOKEN} as a bearer token, else {@code MLFLOW_TRACKING_USERNAME}/{@code _PASSWORD} as basic auth. */
    static String authorization(Map<String, String> env) {
        String token = env.get("MLFLOW_TRACKING_TOKEN");
        if (token != null && !token.isBlank()) {
            return "Bearer " + token.strip();
        }
        String user = env.get("MLFLOW_TRACKING_USERNAME");
        if (user != null && !user.isBlank()) {
            String password = env.getOrDefault("MLFLOW_TRACKING_PASSWORD", "");
            return "Basic " + java.util.Base64.getEncoder().encodeToString(
                    (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return null;
    }

    public URI uri() {
        return http.baseUri();
    }

    public RetryPolicy retry() {
        return retry;
    }

    public void setRetry(RetryPolicy retry) {
        this.retry = retry;
    }

    MlflowHttp http() {
        return http;
    }

    /** Checks the server answers like MLflow, quickly; returns its version. */
    public String checkReachable() {
        RetryPolicy quick = RetryPolicy.ofBudget(Duration.ofSeconds(2));
        http.post("experiments/search", Map.of("max_results", 1), quick);
        return serverVersion();
    }

    /** The server's MLflow version, from its {@code /version} page ("unknown" if it has none). */
    public String serverVersion() {
        return http.text("version").filter(v -> v.matches("[0-9][0-9A-Za-z.+-]*")).orElse("unknown");
    }

    // ---- experiments

    public Optional<Experiment> experimentByName(String name) {
        try {
            return Optional.of(Experiment.fromJson(http.get("experiments/get-by-name", Map.of("experiment_name", name), retry)
                    .path("experiment")));
        } catch (MlflowServerException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public Experiment experimentById(String id) {
        return Experiment.fromJson(http.get("experiments/get", Map.of("experiment_id", id), retry).path("experiment"));
    }

    public Experiment createExperiment(String name) {
        String id = http.post("experiments/create", Map.of("name", name), retry).path("experiment_id").asText();
        return experimentById(id);
    }

    public List<Experiment> experiments(int max) {
        List<Experiment> all = new ArrayList<>();
        http.post("experiments/search", Map.of("max_results", max), retry).path("experiments")
                .forEach(e -> all.add(Experiment.fromJson(e)));
        return all;
    }

    // ---- runs

    public Run createRun(String experimentId, String runName, Map<String, String> tags, long startTime) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("experiment_id", experimentId);
        body.put("start_time", startTime);
        if (runName != null) {
            body.put("run_name", runName);
        }
        body.put("user_id", System.getProperty("user.name", ""));
        body.put("tags", keyValues(tags));
        return Run.fromJson(http.post("runs/create", body, retry).path("run"));
    }

    public void updateRun(String runId, RunStatus status, long endTime) {
        http.post("runs/update", Map.of("run_id", runId, "status", status.name(), "end_time", endTime), retry);
    }

    public void deleteRun(String runId) {
        http.post("runs/delete", Map.of("run_id", runId), retry);
    }

    public Run getRun(String runId) {
        try {
            return Run.fromJson(http.get("runs/get", Map.of("run_id", runId), retry).path("run"));
        } catch (MlflowServerException e) {
            if (e.isNotFound()) {
                throw new MlflowException("No run '" + runId + "' on " + uri() + ". List runs with %mlflow runs"
                        + " (run ids are 32 hex characters).", e);
            }
            throw e;
        }
    }

    /** One log-batch call; the caller keeps within {@link #MAX_METRICS_PER_BATCH} and friends. */
    public void logBatch(String runId, List<Metric> metrics, Map<String, String> params, Map<String, String> tags) {
        logBatch(runId, metrics, params, tags, retry);
    }

    void logBatch(String runId, List<Metric> metrics, Map<String, String> params, Map<String, String> tags, RetryPolicy policy) {
        List<Map<String, Object>> metricJson = new ArrayList<>(metrics.size());
        for (Metric m : metrics) {
            metricJson.add(Map.of("key", m.key(), "value", jsonNumber(m.value()), "timestamp", m.timestamp(), "step", m.step()));
        }
        http.post("runs/log-batch", Map.of("run_id", runId, "metrics", metricJson, "params", keyValues(params),
                "tags", keyValues(tags)), policy);
    }

    /** NaN and infinities travel as strings, the way MLflow's own clients send them. */
    private static Object jsonNumber(double value) {
        if (Double.isNaN(value)) return "NaN";
        if (Double.isInfinite(value)) return value > 0 ? "Infinity" : "-Infinity";
        return value;
    }

    /** Every value logged for one metric of a run, oldest first. */
    public List<Metric> metricHistory(String runId, String key) {
        List<Metric> history = new ArrayList<>();
        http.get("metrics/get-history", Map.of("run_id", runId, "metric_key", key), retry).path("metrics").forEach(m ->
                history.add(new Metric(m.path("key").asText(), m.path("value").asDouble(), m.path("timestamp").asLong(),
                        m.path("step").asLong())));
        return history;
    }

    public List<Run> searchRuns(List<String> experimentIds, String filter, List<String> orderBy, int maxResults) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("experiment_ids", experimentIds);
        if (filter != null && !filter.isBlank()) {
            body.put("filter", filter);
        }
        if (!orderBy.isEmpty()) {
            body.put("order_by", orderBy);
        }
        body.put("max_results", maxResults);
        List<Run> runs = new ArrayList<>();
        http.post("runs/search", body, retry).path("runs").forEach(r -> runs.add(Run.fromJson(r)));
        return runs;
    }

    // ---- model registry

    /** Creates the registered model unless it exists already. */
    public void ensureRegisteredModel(String name) {
        try {
            http.post("registered-models/create", Map.of("name", name), retry);
        } catch (MlflowServerException e) {
            if (!e.isAlreadyExists()) {
                throw e;
            }
        }
    }

    public ModelVersion createModelVersion(String name, String source, String runId) {
        return ModelVersion.fromJson(http.post("model-versions/create",
                Map.of("name", name, "source", source, "run_id", runId), retry).path("model_version"));
    }

    public void setAlias(String name, String alias, String version) {
        http.post("registered-models/alias", Map.of("name", name, "alias", alias, "version", version), retry);
    }

    public ModelVersion modelVersion(String name, String version) {
        try {
            return ModelVersion.fromJson(http.get("model-versions/get", Map.of("name", name, "version", version), retry)
                    .path("model_version"));
        } catch (MlflowServerException e) {
            if (e.isNotFound()) {
                throw new MlflowException("No version " + version + " of registered model '" + name + "' on " + uri()
                        + ": " + e.serverMessage(), e);
            }
            throw e;
        }
    }

    public ModelVersion modelVersionByAlias(String name, String alias) {
        try {
            return ModelVersion.fromJson(http.get("registered-models/alias", Map.of("name", name, "alias", alias), retry)
                    .path("model_version"));
        } catch (MlflowServerException e) {
            if (e.isNotFound() || MlflowServerException.INVALID_PARAMETER.equals(e.errorCode())) {
                throw new MlflowException("Registered model '" + name + "' has no alias '" + alias + "' on " + uri()
                        + ": " + e.serverMessage() + " Set one with %mlflow log-model VAR --register " + name
                        + " --alias " + alias + ".", e);
            }
            throw e;
        }
    }

    /** Where a logged model (MLflow 3's {@code models:/m-...}) keeps its files. */
    public String loggedModelArtifactLocation(String modelId) {
        return http.get("logged-models/" + modelId, Map.of(), retry).path("model").path("info")
                .path("artifact_uri").asText();
    }

    private static List<Map<String, String>> keyValues(Map<String, String> values) {
        List<Map<String, String>> list = new ArrayList<>(values.size());
        values.forEach((k, v) -> list.add(Map.of("key", k, "value", v)));
        return list;
    }
}
