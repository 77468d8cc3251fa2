package dev.lakehouse.jobs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.jobs.client.JobsClient;
import dev.lakehouse.jobs.engine.TaskLauncher;
import dev.lakehouse.kernel.install.KernelJvmFlags;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A jobs service in its own JVM ({@code lakehouse jobs serve}), so a test can SIGKILL it or run
 * several against one database. Its output goes to a log file in the state directory.
 */
public final class ServiceProcess implements AutoCloseable {
    private final List<String> command;
    private final Path stateDirectory;
    private final int port;
    private Process process;
    private int starts;

    public ServiceProcess(Path stateDirectory, Path notebookRoot, List<String> extraArguments) throws IOException {
        this.stateDirectory = stateDirectory;
        this.port = freePort();
        command = new ArrayList<>();
        command.add(TaskLauncher.currentJavaBinary());
        command.addAll(KernelJvmFlags.sparkModuleFlags());
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx512m", "-cp", TaskLauncher.currentClasspath(),
                TaskLauncher.CLI_MAIN, "jobs", "serve", "--port", Integer.toString(port), "--state-dir",
                stateDirectory.toString(), "--notebook-root", notebookRoot.toString()));
        command.addAll(extraArguments);
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Starts (or restarts) the service and waits until its API answers. */
    public ServiceProcess start() throws Exception {
        Files.createDirectories(stateDirectory);
        Path log = stateDirectory.resolve("service-" + (++starts) + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("LAKEHOUSE_TASK_JAVA_OPTS", String.join(" ", InProcessService.FAST_TASK_JVM));
        process = builder.start();
        Await.until("the service on port " + port + " (log " + log + ")", Duration.ofSeconds(90), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("the service exited: " + Files.readString(log, StandardCharsets.UTF_8));
            }
            return client().get("/api/health");
        }, health -> health.path("status").asText().equals("ok"));
        return this;
    }

    public JobsClient client() throws IOException {
        String token = Files.readString(stateDirectory.resolve("token"), StandardCharsets.UTF_8).strip();
        return new JobsClient("http://127.0.0.1:" + port, token);
    }

    public JsonNode health() throws IOException {
        return client().get("/api/health");
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook runs, task JVMs it started are left behind. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: the service stops its tasks and closes cleanly. */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
