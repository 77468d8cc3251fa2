package dev.lakehouse.magics.mlflow;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * One kernel's MLflow state: which server, which experiment, which run is active, metrics on
 * their way, and what the run has read. The {@code %mlflow} magic and the {@link Mlflow} Java API
 * share the {@link #global()} instance, so a run started by one is seen by the other.
 */
public final class MlflowSession {
    public static final String DEFAULT_EXPERIMENT = "Default";
    static final String CELLS_SHA256 = "lakehouse.cells.sha256";
    static final String CELLS_COUNT = "lakehouse.cells.count";
    static final String CELLS_ARTIFACT = "lakehouse/cells.java";
    static final String NOTEBOOK_PATH = "lakehouse.notebook.path";

    private static final MlflowSession GLOBAL = new MlflowSession(System.getenv(), 1000);

    private final java.util.concurrent.atomic.AtomicLong metricsLogged = new java.util.concurrent.atomic.AtomicLong();
    private volatile long metricsLoggedAtCellStart;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(GLOBAL::flushAtExit, "mlflow-flush-at-exit"));
    }

    private final Map<String, String> env;
    private final long backgroundFlushMillis;
    private final LineageRecorder lineage;
    private final CellSources cells = new CellSources();
    private volatile boolean kernelReportsCells;
    private volatile Path notebookPath;
    private volatile SparkSession listenedSession;
    private volatile PrintStream notes = System.out;

    private TrackingClient client;
    private ArtifactStore artifacts;
    private MetricBuffer metrics;
    private String serverVersion;
    private Experiment experiment;
    private volatile Run activeRun;
    private Map<String, String> tagsWritten = new HashMap<>();

    /** {@code backgroundFlushMillis}: how often buffered metrics are sent without being asked (0: never). */
    MlflowSession(Map<String, String> env, long backgroundFlushMillis) {
        this.env = env;
        this.backgroundFlushMillis = backgroundFlushMillis;
        this.lineage = LineageRecorder.SHARED;
        String session = env.get("JPY_SESSION_NAME");
        if (session != null && !session.isBlank()) {
            notebookPath = Path.of(session);
        }
    }

    public static MlflowSession global() {
        return GLOBAL;
    }

    // ---- connection

    /** Connects to {@code uri} (null: MLFLOW_TRACKING_URI, else the embedded default) and checks it answers. */
    public synchronized String connect(String uri) {
        URI target = uri == null || uri.isBlank() ? TrackingUri.fromEnvironment(env) : TrackingUri.parse(uri);
        if (activeRun != null) {
            throw new MlflowException("Run " + activeRun.id() + " is still active on " + client.uri()
                    + ". End it with %mlflow run end before connecting elsewhere.");
        }
        if (metrics != null && metrics.pendingCount() > 0) {
            metrics.flush();
        }
        TrackingClient candidate = new TrackingClient(target, client == null ? RetryPolicy.DEFAULT : client.retry(), env);
        String version = candidate.checkReachable();
        use(candidate, version);
        return version;
    }

    private void use(TrackingClient newClient, String version) {
        if (metrics != null) {
            metrics.close();
        }
        client = newClient;
        artifacts = new ArtifactStore(newClient);
        metrics = new MetricBuffer(newClient, backgroundFlushMillis);
        serverVersion = version;
        experiment = null;
    }

    /** The client, connecting lazily (without a check: the first call reports an unreachable server). */
    public synchronized TrackingClient client() {
        if (client == null) {
            use(new TrackingClient(TrackingUri.fromEnvironment(env), RetryPolicy.DEFAULT, env), null);
        }
        return client;
    }

    public synchronized URI uri() {
        return client().uri();
    }

    /** How long calls keep retrying an unreachable server before failing (default 30 s). */
    public synchronized void setRetryBudget(Duration budget) {
        client().setRetry(RetryPolicy.ofBudget(budget));
    }

    synchronized String serverVersion() {
        if (serverVersion == null) {
            serverVersion = client().serverVersion();
        }
        return serverVersion;
    }

    synchronized ArtifactStore artifacts() {
        client();
        return artifacts;
    }

    /** Where notes for the user go (the cell's output); the kernel's System.out by default. */
    public void setNotes(PrintStream out) {
        this.notes = out;
    }

    // ---- experiments

    /** Makes {@code name} the experiment new runs go to; creates it only when {@code create} is set. */
    public synchronized Experiment setExperiment(String name, boolean create) {
        if (name == null || name.isBlank()) {
            throw new MlflowException("An experiment needs a name, e.g. %mlflow experiment churn --create");
        }
        Optional<Experiment> found = client().experimentByName(name);
        Experiment chosen;
        if (found.isPresent()) {
            chosen = found.get();
            if ("deleted".equals(chosen.lifecycleStage())) {
                throw new MlflowException("Experiment '" + name + "' is deleted on " + client.uri()
                        + ". Restore it in the MLflow UI or choose another name.");
            }
        } else if (create) {
            chosen = client.createExperiment(name);
        } else {
            List<String> names = client.experiments(200).stream().map(Experiment::name).toList();
            List<String> close = dev.lakehouse.magics.api.Suggestions.closest(name, names, 3);
            throw new MlflowException("No experiment '" + name + "' on " + client.uri() + "."
                    + (close.isEmpty() ? "" : " Did you mean " + String.join(", ", close) + "?")
                    + " Create it with %mlflow experiment " + quote(name) + " --create"
                    + " (or Mlflow.setExperiment(\"" + name + "\", true)).");
        }
        experiment = chosen;
        return chosen;
    }

    /** The current experiment: the one set, else MLFLOW_EXPERIMENT_NAME (created if missing), else Default. */
    public synchronized Experiment experiment() {
        if (experiment == null) {
            String fromEnv = env.get("MLFLOW_EXPERIMENT_NAME");
            if (fromEnv != null && !fromEnv.isBlank()) {
                return setExperiment(fromEnv, true);
            }
            experiment = client().experimentByName(DEFAULT_EXPERIMENT).orElseThrow(() -> new MlflowException(
                    "The server at " + client.uri() + " has no '" + DEFAULT_EXPERIMENT + "' experiment; choose one with"
                            + " %mlflow experiment NAME --create"));
        }
        return experiment;
    }

    // ---- runs

    public Optional<Run> activeRun() {
        return Optional.ofNullable(activeRun);
    }

    /** Starts a run in the current experiment, tagged with where it came from, and starts recording lineage. */
    public synchronized Run startRun(String name, Map<String, String> userTags) {
        if (activeRun != null) {
            throw new MlflowException("Run '" + activeRun.name() + "' (" + activeRun.id() + ") is already active."
                    + " End it first with %mlflow run end (or Mlflow.endRun()).");
        }
        userTags.keySet().forEach(k -> MlflowNames.requireValidKey("tag", k));
        Map<String, String> tags = new LinkedHashMap<>(sourceTags());
        tags.putAll(userTags);
        Run run = client().createRun(experiment().id(), name, tags, System.currentTimeMillis());
        activeRun = run;
        tagsWritten = new HashMap<>();
        listenForDeltaReads();
        lineage.start();
        return run;
    }

    private Map<String, String> sourceTags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("mlflow.user", System.getProperty("user.name", ""));
        tags.put("mlflow.source.type", "NOTEBOOK");
        tags.put("lakehouse.kernel", "lakehouse-java");
        Path notebook = notebookPath;
        if (notebook != null) {
            tags.put("mlflow.source.name", notebook.toString());
            tags.put(NOTEBOOK_PATH, notebook.toAbsolutePath().normalize().toString());
        } else {
            tags.put("mlflow.source.name", "lakehouse-java-kernel");
        }
        return tags;
    }

    /** The active run's id, starting a run first if none is active (as MLflow's Python API does). */
    synchronized String activeRunIdOrStart() {
        if (activeRun == null) {
            Run run = startRun(null, Map.of());
            notes.println("Started MLflow run " + run.name() + " (" + run.id() + ") in experiment '" + experiment.name()
                    + "'; end it with %mlflow run end or Mlflow.endRun().");
        }
        return activeRun.id();
    }

    synchronized String requireActiveRunId(String forWhat) {
        if (activeRun == null) {
            throw new MlflowException("No active run to " + forWhat + ". Start one with %mlflow run start [--name NAME]"
                    + " (or Mlflow.startRun()).");
        }
        return activeRun.id();
    }

    /**
     * Ends the active run: writes its lineage and cell tags, delivers every pending metric, then
     * sets the status. If the server cannot be reached the run stays active and this throws, so
     * {@code %mlflow run end} can simply be run again.
     */
    public synchronized Run endRun(RunStatus status) {
        String runId = requireActiveRunId("end");
        writeRunTags();
        metrics.flush();
        client.updateRun(runId, status, System.currentTimeMillis());
        lineage.stop();
        activeRun = null;
        return client.getRun(runId);
    }

    /** Deletes the active run (it never ran anything), e.g. when a cell body could not be started. */
    synchronized void abandonRun() {
        String runId = requireActiveRunId("abandon");
        lineage.stop();
        activeRun = null;
        client.deleteRun(runId);
    }

    /** Lineage, notebook and cell-source tags for the active run; only changed tags are sent. */
    synchronized void writeRunTags() {
        String runId = requireActiveRunId("tag");
        Map<String, String> tags = new LinkedHashMap<>();
        Sparks.current().ifPresent(spark -> {
            listenForDeltaReads();
            DeltaReadListener.drain(spark);
        });
        tags.putAll(LineageTags.of(lineage.reads()));
        if (cells.count() > 0) {
            tags.put(CELLS_SHA256, cells.sha256());
            tags.put(CELLS_COUNT, String.valueOf(cells.count()));
        }
        Path notebook = notebookPath;
        if (notebook != null) {
            tags.put(NOTEBOOK_PATH, notebook.toAbsolutePath().normalize().toString());
        }
        tags.entrySet().removeIf(e -> e.getValue().equals(tagsWritten.get(e.getKey())));
        if (tags.isEmpty()) {
            return;
        }
        sendTags(runId, tags);
        if (tags.containsKey(CELLS_SHA256)) {
            artifacts.uploadBytes(activeRun.artifactUri(), CELLS_ARTIFACT, cells.text().getBytes(StandardCharsets.UTF_8));
        }
        tagsWritten.putAll(tags);
    }

    // ---- logging

    /** Queues a metric value for the active run (starting one if needed); delivery is batched. */
    public void logMetric(String key, double value, long step) {
        MlflowNames.requireValidKey("metric", key);
        String runId = activeRunIdOrStart();
        if (listenedSession == null) {
            listenForDeltaReads(); // Spark may have started since the run did
        }
        metricsLogged.incrementAndGet(); // before add: a full batch is sent at once and may throw
        metrics.add(runId, new Metric(key, value, System.currentTimeMillis(), step));
    }

    /**
     * True when metric values were logged since the kernel reported the current cell's start: only
     * such a cell waits for delivery (and fails if it cannot), not every later cell while values wait.
     */
    public boolean currentCellLoggedMetrics() {
        return metricsLogged.get() != metricsLoggedAtCellStart;
    }

    /** Logs metric values and waits until the server has them. */
    public synchronized void logMetricsNow(Map<String, Double> values, long step) {
        values.forEach((k, v) -> logMetric(k, v, step));
        metrics.flush();
    }

    public synchronized void logParams(Map<String, String> params) {
        params.forEach((k, v) -> MlflowNames.requireValidEntry("param", k, v));
        String runId = activeRunIdOrStart();
        List<Map.Entry<String, String>> entries = new ArrayList<>(params.entrySet());
        for (int from = 0; from < entries.size(); from += TrackingClient.MAX_PARAMS_PER_BATCH) {
            Map<String, String> chunk = new LinkedHashMap<>();
            entries.subList(from, Math.min(entries.size(), from + TrackingClient.MAX_PARAMS_PER_BATCH))
                    .forEach(e -> chunk.put(e.getKey(), e.getValue()));
            client.logBatch(runId, List.of(), chunk, Map.of());
        }
    }

    public synchronized void setTags(Map<String, String> tags) {
        tags.forEach((k, v) -> MlflowNames.requireValidEntry("tag", k, v));
        sendTags(activeRunIdOrStart(), tags);
    }

    private void sendTags(String runId, Map<String, String> tags) {
        List<Map.Entry<String, String>> entries = new ArrayList<>(tags.entrySet());
        for (int from = 0; from < entries.size(); from += TrackingClient.MAX_TAGS_PER_BATCH) {
            Map<String, String> chunk = new LinkedHashMap<>();
            entries.subList(from, Math.min(entries.size(), from + TrackingClient.MAX_TAGS_PER_BATCH))
                    .forEach(e -> chunk.put(e.getKey(), e.getValue()));
            client().logBatch(runId, List.of(), Map.of(), chunk);
        }
    }

    /** Delivers pending metrics now; throws (keeping them) if the server cannot take them. */
    public void flush() {
        MetricBuffer buffer;
        synchronized (this) {
            client();
            buffer = metrics;
        }
        buffer.flush();
    }

    public synchronized int pendingMetrics() {
        return metrics == null ? 0 : metrics.pendingCount();
    }

    /** Why the last background delivery failed, if it did. */
    public synchronized Optional<MlflowException> backgroundFailure() {
        return metrics == null ? Optional.empty() : Optional.ofNullable(metrics.lastBackgroundFailure());
    }

    // ---- notebook and cells

    /** The kernel reports each cell it runs (see {@link MlflowCellHook}). */
    public void cellStarted(String source) {
        kernelReportsCells = true;
        metricsLoggedAtCellStart = metricsLogged.get();
        cells.record(source);
        listenForDeltaReads();
    }

    /** For {@code %%mlflow run} bodies when the kernel does not report cells itself. */
    void cellBodyRun(String source) {
        if (!kernelReportsCells) {
            cells.record(source);
        }
    }

    public void setNotebookPath(Path path) {
        if (path != null) {
            notebookPath = path;
        }
    }

    /** Makes sure the running SparkSession reports its queries to the lineage recorder. */
    void listenForDeltaReads() {
        Optional<SparkSession> spark = Sparks.current();
        if (spark.isPresent() && spark.get() != listenedSession) {
            DeltaReadListener.installOn(spark.get());
            listenedSession = spark.get();
        }
    }

    // ---- queries

    public synchronized List<Run> searchRuns(String experimentName, String filter, List<String> orderBy, int max) {
        Experiment in = experimentName == null ? experiment() : client().experimentByName(experimentName)
                .orElseThrow(() -> new MlflowException("No experiment '" + experimentName + "' on " + client.uri() + "."));
        return client.searchRuns(List.of(in.id()), filter, orderBy, max);
    }

    /** A link to a run in the MLflow UI. */
    public synchronized String runLink(Run run) {
        return client().uri() + "/#/experiments/" + run.experimentId() + "/runs/" + run.id();
    }

    /** A kernel shutting down delivers what it can, and says what it could not. */
    private void flushAtExit() {
        if (pendingMetrics() == 0) {
            return;
        }
        try {
            client().setRetry(RetryPolicy.ofBudget(Duration.ofSeconds(5)));
            flush();
        } catch (RuntimeException e) {
            System.err.println("[mlflow] at exit: " + e.getMessage());
        }
    }

    void close() {
        if (metrics != null) {
            metrics.close();
        }
    }

    private static String quote(String s) {
        return s.matches("[\\w.-]+") ? s : "\"" + s.replace("\"", "\\\"") + "\"";
    }
}
