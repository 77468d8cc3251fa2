package dev.lakehouse.jobs;

import dev.lakehouse.jobs.engine.TaskLauncher;
import dev.lakehouse.kernel.install.KernelJvmFlags;
import dev.lakehouse.magics.spark.SparkSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How a jobs service instance runs.
 *
 * @param bindAddress    127.0.0.1 unless told otherwise
 * @param port           0 picks a free port
 * @param databaseUrl    null: the embedded H2 file database under {@code stateDirectory}
 * @param notebookRoot   jobs may only use notebooks under this directory
 * @param stateDirectory the service's files: database, token, service.json, runs/ (output notebooks and logs)
 * @param tokenFile      the API token; generated (mode 0600) when missing
 * @param instanceId     names this instance in the database (run ownership, Quartz cluster)
 * @param clustered      several instances share one PostgreSQL
 * @param task           how task JVMs are started
 */
public record JobsConfig(String bindAddress, int port, String databaseUrl, String databaseUser, String databasePassword,
                         Path notebookRoot, Path stateDirectory, Path tokenFile, String instanceId, boolean clustered,
                         TaskLauncher.Settings task) {

    public static final int DEFAULT_PORT = 8777;

    /** {@code DATA_DIR/jobs}, where DATA_DIR is {@code LAKEHOUSE_HOME} or {@code ~/.lakehouse}. */
    public static Path defaultStateDirectory(Map<String, String> env) {
        return SparkSettings.dataDirectory(env).resolve("jobs");
    }

    /** The defaults for this machine; callers replace fields with {@link #with}. */
    public static JobsConfig defaults(Map<String, String> env) {
        Path state = defaultStateDirectory(env);
        return new JobsConfig("127.0.0.1", DEFAULT_PORT, null, null, null, Path.of("").toAbsolutePath(), state,
                state.resolve("token"), "local", false, defaultTaskSettings(env));
    }

    /**
     * Task JVMs: this JVM's java and classpath, Spark's module flags, plus {@code LAKEHOUSE_TASK_JAVA_OPTS}
     * (space separated), e.g. {@code -Xmx2g}.
     */
    public static TaskLauncher.Settings defaultTaskSettings(Map<String, String> env) {
        String extra = env.getOrDefault("LAKEHOUSE_TASK_JAVA_OPTS", "").strip();
        List<String> options = TaskLauncher.jvmOptions(KernelJvmFlags.kernelDefaults(),
                extra.isEmpty() ? List.of() : List.of(extra.split("\\s+")));
        return new TaskLauncher.Settings(TaskLauncher.currentJavaBinary(), options, TaskLauncher.currentClasspath(), Map.of());
    }

    public String effectiveDatabaseUrl() {
        return databaseUrl != null ? databaseUrl : dev.lakehouse.jobs.store.Database.embeddedUrl(stateDirectory);
    }

    /** A copy with some fields changed. */
    public Builder with() {
        return new Builder(this);
    }

    public static final class Builder {
        private String bindAddress;
        private int port;
        private String databaseUrl;
        private String databaseUser;
        private String databasePassword;
        private Path notebookRoot;
        private Path stateDirectory;
        private Path tokenFile;
        private String instanceId;
        private boolean clustered;
        private TaskLauncher.Settings task;

        private Builder(JobsConfig c) {
            bindAddress = c.bindAddress;
            port = c.port;
            databaseUrl = c.databaseUrl;
            databaseUser = c.databaseUser;
            databasePassword = c.databasePassword;
            notebookRoot = c.notebookRoot;
            stateDirectory = c.stateDirectory;
            tokenFile = c.tokenFile;
            instanceId = c.instanceId;
            clustered = c.clustered;
            task = c.task;
        }

        public Builder bindAddress(String v) { bindAddress = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder database(String url, String user, String password) {
            databaseUrl = url;
            databaseUser = user;
            databasePassword = password;
            return this;
        }
        public Builder notebookRoot(Path v) { notebookRoot = v; return this; }

        /** Also moves the token file into the new directory unless one was set explicitly afterwards. */
        public Builder stateDirectory(Path v) {
            stateDirectory = v;
            tokenFile = v.resolve("token");
            return this;
        }
        public Builder tokenFile(Path v) { tokenFile = v; return this; }
        public Builder instanceId(String v) { instanceId = v; return this; }
        public Builder clustered(boolean v) { clustered = v; return this; }
        public Builder task(TaskLauncher.Settings v) { task = v; return this; }

        public JobsConfig build() {
            return new JobsConfig(bindAddress, port, databaseUrl, databaseUser, databasePassword, notebookRoot,
                    stateDirectory, tokenFile, instanceId, clustered, task);
        }
    }
}
