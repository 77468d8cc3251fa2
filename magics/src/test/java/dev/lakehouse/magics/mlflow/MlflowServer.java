package dev.lakehouse.magics.mlflow;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code mlflow server} for tests: SQLite backend and proxied artifacts in a temp
 * directory, bound to 127.0.0.1 on a free port, one uvicorn worker and no job runner (the parts a
 * test never uses and a busy CI machine pays for at start-up).
 */
public final class MlflowServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private final Process process;
    private final Path directory;
    private final URI uri;

    private MlflowServer(Process process, Path directory, URI uri) {
        this.process = process;
        this.directory = directory;
        this.uri = uri;
    }

    /** The mlflow command: $LAKEHOUSE_MLFLOW_BIN, the project's .venv, or PATH. */
    public static Optional<Path> executable() {
        String configured = System.getenv("LAKEHOUSE_MLFLOW_BIN");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        Path venv = Path.of("").toAbsolutePath().getParent().resolve(".venv/bin/mlflow");
        if (Files.isExecutable(venv)) {
            return Optional.of(venv);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "mlflow");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public static MlflowServer start(Path executable) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("mlflow-server-");
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(List.of(executable.toString(), "server",
                "--host", "127.0.0.1", "--port", String.valueOf(port), "--workers", "1",
                "--backend-store-uri", "sqlite:///" + dir.resolve("mlflow.db"),
                "--artifacts-destination", dir.resolve("artifacts").toString(), "--serve-artifacts"))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile());
        builder.environment().put("MLFLOW_SERVER_ENABLE_JOB_EXECUTION", "false");
        Process process = builder.start();
        MlflowServer server = new MlflowServer(process, dir, URI.create("http://127.0.0.1:" + port));
        // a JVM killed before JUnit closes its store must not leave a server behind
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        try {
            server.awaitHealthy();
        } catch (IOException | RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void awaitHealthy() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mlflow server exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri.resolve("/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("mlflow server did not answer /health within " + START_TIMEOUT.toSeconds() + " s:\n" + logTail());
    }

    private String logTail() throws IOException {
        List<String> lines = Files.readAllLines(directory.resolve("server.log"));
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    public URI uri() {
        return uri;
    }

    public int port() {
        return uri.getPort();
    }

    /** Where the server stores artifacts (what the proxy writes to). */
    public Path artifactsDirectory() {
        return directory.resolve("artifacts");
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dev.lakehouse.magics.testing.TestSpark.deleteRecursively(directory);
    }
}
