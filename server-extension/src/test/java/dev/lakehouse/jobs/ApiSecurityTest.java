package dev.lakehouse.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.jobs.api.Route;
import dev.lakehouse.jobs.client.JobsClient;
import dev.lakehouse.jobs.testing.InProcessService;
import dev.lakehouse.jobs.testing.Notebooks;
import io.javalin.http.HandlerType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 7: the whole route table is walked, so a route added without auth fails here; state
 * changes refuse GET; notebooks outside the root are refused; the token appears in no log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiSecurityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @TempDir
    static Path directory;

    private InProcessService jobs;
    private long jobId;
    private long runId;

    @BeforeAll
    void start() throws Exception {
        originalOut = System.out;
        originalErr = System.err;
        PrintStream tee = new PrintStream(new TeeStream(captured, originalErr), true, StandardCharsets.UTF_8);
        System.setOut(tee);
        System.setErr(tee);
        ServiceLog.redirect(tee);
        jobs = InProcessService.start(directory);
        Notebooks.create().cell("only", "System.out.println(\"hello\");", "task=only")
                .write(jobs.notebookRoot.resolve("hello.ipynb"));
        jobId = jobs.client.post("/api/jobs", Map.of("notebook", "hello.ipynb", "cron", "0 0 3 * * ?"))
                .path("job_id").asLong();
        runId = jobs.client.post("/api/jobs/" + jobId + "/run-now", Map.of()).path("run_id").asLong();
        jobs.awaitRunEnd(runId, Duration.ofSeconds(120));
    }

    @AfterAll
    void stop() {
        if (jobs != null) {
            jobs.close();
        }
        ServiceLog.redirect(originalErr);
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    @Test
    void everyServedEndpointRefusesMissingAndWrongTokens() throws Exception {
        // What Javalin serves, however it was registered: a route added outside the table is walked too.
        List<String> served = jobs.service.server().servedEndpoints();
        assertThat(served).as("the route table is exactly what is served")
                .containsExactlyInAnyOrderElementsOf(jobs.service.routes().stream().map(r -> r.method().name() + " " + r.path()).toList());
        assertThat(served).hasSizeGreaterThanOrEqualTo(16);
        assertThat(jobs.service.server().webSocketEndpointCount()).as("WebSocket endpoints").isZero();
        for (String endpoint : served) {
            HandlerType method = HandlerType.valueOf(endpoint.substring(0, endpoint.indexOf(' ')));
            String path = concrete(endpoint.substring(endpoint.indexOf(' ') + 1));
            assertThat(send(method, path, null).statusCode()).as("no token: " + endpoint).isEqualTo(401);
            assertThat(send(method, path, "Basic " + jobs.token).statusCode()).as("not bearer: " + endpoint).isEqualTo(401);
            assertThat(send(method, path, "Bearer wrong-" + jobs.token).statusCode()).as("wrong token: " + endpoint).isEqualTo(403);
            assertThat(send(method, path, "Bearer " + jobs.token.substring(1)).statusCode()).as("truncated token: " + endpoint)
                    .isEqualTo(403);
            assertThat(send(method, path, "Bearer ").statusCode()).as("empty token: " + endpoint).isIn(401, 403);
        }
        assertThat(send(HandlerType.GET, "/api/no-such-route", null).statusCode()).isEqualTo(401);
        assertThat(send(HandlerType.GET, "/", null).statusCode()).isEqualTo(401);
        assertThat(send(HandlerType.GET, "/api/jobs", "Bearer " + jobs.token).statusCode()).isEqualTo(200);
    }

    @Test
    void stateChangesNeedPostPutOrDelete() throws Exception {
        JsonNode jobBefore = jobs.client.get("/api/jobs/" + jobId);
        int runsBefore = jobs.client.get("/api/runs?job_id=" + jobId).path("runs").size();
        Set<String> readable = jobs.service.routes().stream().filter(r -> r.method() == HandlerType.GET)
                .map(Route::path).collect(Collectors.toSet());
        for (Route route : jobs.service.routes()) {
            assertThat(route.method()).isIn(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.DELETE);
            if (!route.changesState() || readable.contains(route.path())) {
                continue;
            }
            for (HandlerType method : List.of(HandlerType.GET, HandlerType.HEAD)) {
                int status = send(method, concrete(route.path()), "Bearer " + jobs.token).statusCode();
                assertThat(status).as(method + " on " + route).isEqualTo(405);
            }
        }
        JsonNode jobAfter = jobs.client.get("/api/jobs/" + jobId);
        assertThat(jobAfter.path("settings")).isEqualTo(jobBefore.path("settings"));
        assertThat(jobAfter.path("updated_time")).isEqualTo(jobBefore.path("updated_time"));
        assertThat(jobs.client.get("/api/runs?job_id=" + jobId).path("runs")).hasSize(runsBefore);
    }

    @Test
    void notebooksOutsideTheRootAreRefused() throws Exception {
        Path outside = Notebooks.create().cell("x", "System.out.println(1);", "task=x")
                .write(directory.resolve("outside.ipynb"));
        Files.createSymbolicLink(jobs.notebookRoot.resolve("link.ipynb"), outside);
        int jobsBefore = jobs.client.get("/api/jobs").path("jobs").size();
        List<Object> attempts = List.of(
                Map.of("notebook", "../outside.ipynb"),
                Map.of("notebook", outside.toString()),
                Map.of("notebook", "link.ipynb"),
                Map.of("notebooks", List.of("hello.ipynb", "../outside.ipynb")),
                Map.of("spec", JSON.readTree("{\"name\": \"escape\", \"tasks\": [{\"task_key\": \"x\","
                        + " \"notebook_task\": {\"notebook_path\": \"../outside.ipynb\"}}]}")));
        for (Object body : attempts) {
            JobsClient.ApiException refused = org.junit.jupiter.api.Assertions.assertThrows(JobsClient.ApiException.class,
                    () -> jobs.client.post("/api/jobs", body));
            assertThat(refused.status()).as(body.toString()).isEqualTo(403);
            assertThat(refused.getMessage()).contains("outside the notebook root");
        }
        JsonNode job = jobs.client.get("/api/jobs/" + jobId);
        ((com.fasterxml.jackson.databind.node.ObjectNode) job.path("settings").path("tasks").get(0).path("notebook_task"))
                .put("notebook_path", "../outside.ipynb");
        JobsClient.ApiException refused = org.junit.jupiter.api.Assertions.assertThrows(JobsClient.ApiException.class,
                () -> jobs.client.put("/api/jobs/" + jobId, job.path("settings")));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(jobs.client.get("/api/jobs").path("jobs")).hasSize(jobsBefore);
    }

    @Test
    void tokenFileIsPrivateAndTheTokenIsNeverLogged() throws Exception {
        Path tokenFile = jobs.stateDirectory.resolve("token");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
        send(HandlerType.GET, "/api/jobs", "Bearer wrong-" + jobs.token);
        send(HandlerType.POST, "/api/jobs/" + jobId + "/run-now", "Bearer " + jobs.token);
        System.out.flush();
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("listening on").doesNotContain(jobs.token);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(jobs.stateDirectory)) {
            files = walk.filter(Files::isRegularFile).filter(p -> !p.equals(tokenFile)).toList();
        }
        assertThat(files).anyMatch(p -> p.toString().endsWith(".log"));
        for (Path file : files) {
            assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
                    .doesNotContain(jobs.token);
        }
    }

    @Test
    void openApiDescribesEveryRoute() throws Exception {
        String yaml = jobs.client.getText("/api/openapi.yaml");
        Map<String, List<String>> described = describedOperations(yaml);
        for (Route route : jobs.service.routes()) {
            assertThat(described).as("paths in openapi.yaml").containsKey(route.path());
            assertThat(described.get(route.path())).as(route.path()).contains(route.method().name().toLowerCase());
        }
        int operations = described.values().stream().mapToInt(List::size).sum();
        assertThat(operations).as("no operation described that the service lacks").isEqualTo(jobs.service.routes().size());
    }

    /** The path items of an OpenAPI document and their operations, read from its indentation. */
    static Map<String, List<String>> describedOperations(String yaml) {
        Map<String, List<String>> operations = new LinkedHashMap<>();
        String current = null;
        boolean inPaths = false;
        for (String line : yaml.split("\n")) {
            if (!line.startsWith(" ")) {
                inPaths = line.startsWith("paths:");
                current = null;
            } else if (inPaths && line.startsWith("  /")) {
                current = line.strip().replaceAll(":$", "");
                operations.put(current, new ArrayList<>());
            } else if (inPaths && current != null && line.matches("    (get|put|post|delete|patch|head):.*")) {
                operations.get(current).add(line.strip().replaceAll(":.*", ""));
            }
        }
        return operations;
    }

    private String concrete(String path) {
        return path.replace("{job_id}", Long.toString(jobId)).replace("{run_id}", Long.toString(runId))
                .replace("{task_key}", "only");
    }

    private HttpResponse<String> send(HandlerType method, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(jobs.service.url() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method.name(), method == HandlerType.GET || method == HandlerType.HEAD || method == HandlerType.DELETE
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Writes to both streams: the test reads what the service logged, the console still shows it. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream first;
        private final java.io.OutputStream second;

        TeeStream(java.io.OutputStream first, java.io.OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            first.flush();
            second.flush();
        }
    }
}
