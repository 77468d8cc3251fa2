package dev.lakehouse.jobs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.jobs.JobsConfig;
import dev.lakehouse.jobs.JobsService;
import dev.lakehouse.jobs.client.JobsClient;
import dev.lakehouse.jobs.engine.TaskLauncher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A jobs service in the test JVM on a free port, with its own state directory and notebook root. */
public final class InProcessService implements AutoCloseable {
    /** Task JVMs in tests: quick to start, small. */
    public static final List<String> FAST_TASK_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx512m",
            "-Xss4m");

    public final JobsService service;
    public final JobsClient client;
    public final Path stateDirectory;
    public final Path notebookRoot;
    public final String token;

    private InProcessService(JobsService service, Path stateDirectory, Path notebookRoot) throws Exception {
        this.service = service;
        this.stateDirectory = stateDirectory;
        this.notebookRoot = notebookRoot;
        this.token = Files.readString(stateDirectory.resolve("token"), StandardCharsets.UTF_8).strip();
        this.client = new JobsClient(service.url(), token);
    }

    public static InProcessService start(Path directory) throws Exception {
        return start(directory, Map.of());
    }

    /** With extra environment variables for the task JVMs. */
    public static InProcessService start(Path directory, Map<String, String> taskEnvironment) throws Exception {
        Path state = directory.resolve("state");
        Path notebooks = Files.createDirectories(directory.resolve("notebooks"));
        JobsConfig config = JobsConfig.defaults(Map.of()).with()
                .port(0)
                .stateDirectory(state)
                .notebookRoot(notebooks)
                .task(taskSettings(taskEnvironment))
                .build();
        return new InProcessService(JobsService.start(config), state, notebooks);
    }

    public static TaskLauncher.Settings taskSettings(Map<String, String> environment) {
        TaskLauncher.Settings defaults = JobsConfig.defaultTaskSettings(Map.of());
        List<String> options = TaskLauncher.jvmOptions(defaults.jvmOptions(), FAST_TASK_JVM);
        return new TaskLauncher.Settings(defaults.javaBinary(), options, defaults.classpath(), environment);
    }

    /** Waits until the run has ended (TERMINATED, SKIPPED or INTERNAL_ERROR) and returns it. */
    public JsonNode awaitRunEnd(long runId, Duration limit) throws Exception {
        return Await.until("run " + runId + " to end", limit, () -> client.get("/api/runs/" + runId),
                run -> !List.of("PENDING", "RUNNING", "QUEUED").contains(run.path("state").path("life_cycle_state").asText()));
    }

    public static JsonNode task(JsonNode run, String key) {
        for (JsonNode task : run.path("tasks")) {
            if (task.path("task_key").asText().equals(key)) {
                return task;
            }
        }
        throw new AssertionError("run has no task " + key + ": " + run);
    }

    @Override
    public void close() {
        service.close();
    }
}
