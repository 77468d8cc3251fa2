package dev.lakehouse.magics.mlflow;

import dev.lakehouse.magics.mlflow.ModelUri.RegisteredAlias;
import dev.lakehouse.magics.mlflow.ModelUri.RegisteredVersion;
import dev.lakehouse.magics.mlflow.ModelUri.RunArtifact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Logs Spark ML models to a run (and the registry) and loads them back, all in Java over REST. */
public final class SparkModels {
    private final MlflowSession session;

    public SparkModels(MlflowSession session) {
        this.session = session;
    }

    /** What {@link #log} did: where the model is, and the registered version if one was made. */
    public record LoggedModel(String runId, String artifactPath, String artifactUri, ModelVersion version, String alias) {
        public String modelUri() {
            return "runs:/" + runId + "/" + artifactPath;
        }

        public String registeredUri() {
            if (version == null) return null;
            return alias != null ? "models:/" + version.name() + "@" + alias : "models:/" + version.name() + "/" + version.version();
        }
    }

    /** A model loaded from MLflow, with where it came from. */
    public record LoadedModel(PipelineModel model, String uri, String artifactUri, String runId, String version) {}

    /**
     * Writes {@code model} in MLflow's format, uploads it under the active run's
     * {@code artifactPath}, tags the run's lineage, and registers it as {@code registerAs} (with
     * {@code alias}) when asked.
     */
    public LoggedModel log(Object model, String variableName, String artifactPath, Dataset<Row> inputExample,
                           String registerAs, String alias) {
        if (alias != null && registerAs == null) {
            throw new MlflowException("--alias needs --register NAME: an alias points at a registered model version.");
        }
        if (artifactPath == null || artifactPath.isBlank() || artifactPath.startsWith("/") || artifactPath.contains("..")) {
            throw new MlflowException("--name must be a relative artifact path such as 'model', not '" + artifactPath + "'.");
        }
        PipelineModel pipeline = SparkModelFormat.asPipelineModel(model, variableName);
        SparkSession spark = Sparks.require("Logging a Spark ML model");
        String runId = session.activeRunIdOrStart();
        Run run = session.activeRun().orElseThrow();
        Path dir = tempDir("mlflow-model-");
        try {
            Path modelDir = dir.resolve("model");
            SparkModelFormat.write(pipeline, modelDir, inputExample, runId, artifactPath, session.serverVersion(), spark.version());
            session.artifacts().uploadDirectory(run.artifactUri(), artifactPath, modelDir);
        } catch (IOException e) {
            throw new MlflowException("Could not write the model in MLflow's format: " + e.getMessage(), e);
        } finally {
            deleteTree(dir);
        }
        session.writeRunTags();
        String artifactUri = run.artifactUri() + "/" + artifactPath;
        if (registerAs == null) {
            return new LoggedModel(runId, artifactPath, artifactUri, null, null);
        }
        TrackingClient client = session.client();
        client.ensureRegisteredModel(registerAs);
        ModelVersion version = client.createModelVersion(registerAs, artifactUri, runId);
        if (alias != null) {
            client.setAlias(registerAs, alias, version.version());
        }
        return new LoggedModel(runId, artifactPath, artifactUri, version, alias);
    }

    /** Downloads the model at {@code uri} (runs:/, models:/NAME/VERSION, models:/NAME@ALIAS) and loads it. */
    public LoadedModel load(String uri) {
        ModelUri parsed = ModelUri.parse(uri);
        TrackingClient client = session.client();
        String artifactUri;
        String runId;
        String version = null;
        if (parsed instanceof RunArtifact r) {
            Run run = client.getRun(r.runId());
            artifactUri = run.artifactUri() + "/" + r.path();
            runId = run.id();
        } else {
            ModelVersion v = parsed instanceof RegisteredAlias a ? client.modelVersionByAlias(a.name(), a.alias())
                    : client.modelVersion(((RegisteredVersion) parsed).name(), ((RegisteredVersion) parsed).version());
            artifactUri = resolveSource(client, v.source());
            runId = v.runId();
            version = v.version();
        }
        Sparks.require("Loading a Spark ML model");
        Path dir = tempDir("mlflow-load-");
        try {
            try {
                session.artifacts().downloadDirectory(artifactUri, dir);
            } catch (MlflowServerException e) {
                if (e.isNotFound()) {
                    throw new MlflowException("No model at " + uri + " (" + artifactUri + "): " + e.serverMessage(), e);
                }
                throw e;
            }
            return new LoadedModel(SparkModelFormat.read(dir, uri), uri, artifactUri, runId, version);
        } catch (IOException e) {
            throw new MlflowException("Could not read the model downloaded from " + uri + ": " + e.getMessage(), e);
        } finally {
            deleteTree(dir);
        }
    }

    /** A model version's source may itself be a runs:/ or (MLflow 3) a models:/m-ID URI. */
    private static String resolveSource(TrackingClient client, String source) {
        if (source.startsWith("runs:/")) {
            RunArtifact r = (RunArtifact) ModelUri.parse(source);
            return client.getRun(r.runId()).artifactUri() + "/" + r.path();
        }
        if (source.startsWith("models:/m-")) {
            return client.loggedModelArtifactLocation(source.substring("models:/".length()).replaceAll("/.*$", ""));
        }
        return source;
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }
}
