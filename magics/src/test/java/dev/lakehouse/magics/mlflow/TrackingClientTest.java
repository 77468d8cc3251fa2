package dev.lakehouse.magics.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The REST client against a real tracking server, including the ways it goes wrong. */
@ExtendWith(MlflowServerExtension.class)
class TrackingClientTest {
    private TrackingClient client;

    @BeforeEach
    void connect(MlflowServer server) {
        client = new TrackingClient(server.uri(), RetryPolicy.ofBudget(Duration.ofSeconds(5)));
    }

    @Test
    void createsAndFindsExperimentsByName() {
        String name = "exp-" + UUID.randomUUID();
        assertThat(client.experimentByName(name)).isEmpty();

        Experiment created = client.createExperiment(name);

        assertThat(client.experimentByName(name)).contains(created);
        assertThat(created.artifactLocation()).startsWith("mlflow-artifacts:/");
    }

    @Test
    void runLifecycleWithBatchedMetricsParamsAndTags() {
        Experiment exp = client.createExperiment("runs-" + UUID.randomUUID());
        Run run = client.createRun(exp.id(), "first", Map.of("team", "ml"), System.currentTimeMillis());

        client.logBatch(run.id(), List.of(new Metric("rmse", 0.5, 1L, 0), new Metric("rmse", 0.25, 2L, 1),
                new Metric("loss", Double.NaN, 3L, 0)), Map.of("maxIter", "10"), Map.of("stage", "dev"));
        client.updateRun(run.id(), RunStatus.FINISHED, System.currentTimeMillis());

        Run stored = client.getRun(run.id());
        assertThat(stored.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(stored.metrics()).containsEntry("rmse", 0.25);
        assertThat(stored.metrics().get("loss")).isNaN();
        assertThat(stored.params()).containsEntry("maxIter", "10");
        assertThat(stored.tags()).containsEntry("team", "ml").containsEntry("stage", "dev");
        assertThat(client.metricHistory(run.id(), "rmse")).extracting(Metric::step).containsExactly(0L, 1L);
        assertThat(client.searchRuns(List.of(exp.id()), "metrics.rmse < 0.3", List.of(), 10))
                .extracting(Run::id).containsExactly(run.id());
    }

    @Test
    void serverErrorsCarryMlflowsCodeAndMessage() {
        Experiment exp = client.createExperiment("errors-" + UUID.randomUUID());
        Run run = client.createRun(exp.id(), null, Map.of(), System.currentTimeMillis());
        client.logBatch(run.id(), List.of(), Map.of("p", "1"), Map.of());

        assertThatThrownBy(() -> client.logBatch(run.id(), List.of(), Map.of("p", "2"), Map.of()))
                .isInstanceOf(MlflowServerException.class)
                .hasMessageContaining("INVALID_PARAMETER_VALUE").hasMessageContaining("Changing param values is not allowed");
        assertThatThrownBy(() -> client.searchRuns(List.of(exp.id()), "metrics.rmse >> 1", List.of(), 5))
                .hasMessageContaining("Invalid comparator");
    }

    @Test
    void unknownRunSaysSoAndHowToListRuns() {
        assertThatThrownBy(() -> client.getRun("0123456789abcdef0123456789abcdef"))
                .isInstanceOf(MlflowException.class)
                .hasMessageContaining("No run '0123456789abcdef0123456789abcdef'").hasMessageContaining("%mlflow runs");
    }

    @Test
    void unreachableServerFailsAfterTheRetryBudgetNamingTheUri() throws Exception {
        URI nothingListens = URI.create("http://127.0.0.1:" + MlflowServer.freePort());
        TrackingClient offline = new TrackingClient(nothingListens, RetryPolicy.ofBudget(Duration.ofMillis(300)));

        assertThatThrownBy(offline::checkReachable)
                .isInstanceOf(MlflowUnreachableException.class)
                .hasMessageContaining(nothingListens.toString()).hasMessageContaining("connection refused")
                .hasMessageContaining("%mlflow connect");
    }

    @Test
    void aWebServerThatIsNotMlflowIsCalledOut() throws Exception {
        HttpServer web = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        web.createContext("/", exchange -> {
            byte[] page = "<html><body>Not Found</body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(404, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        web.start();
        try {
            TrackingClient wrong = new TrackingClient(URI.create("http://127.0.0.1:" + web.getAddress().getPort()), RetryPolicy.NONE);
            assertThatThrownBy(wrong::checkReachable).hasMessageContaining("does not look like an MLflow tracking server");
        } finally {
            web.stop(0);
        }
    }

    @Test
    void sendsCredentialsFromTheEnvironmentLikeMlflowsOwnClients() throws Exception {
        java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpServer secured = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        secured.createContext("/", exchange -> {
            seen.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = "{\"experiments\": []}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        secured.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + secured.getAddress().getPort());
            new TrackingClient(uri, RetryPolicy.NONE, Map.of("MLFLOW_TRACKING_TOKEN", "t0k")).checkReachable();
            new TrackingClient(uri, RetryPolicy.NONE, Map.of("MLFLOW_TRACKING_USERNAME", "ann",
                    "MLFLOW_TRACKING_PASSWORD", "pw")).checkReachable();
        } finally {
            secured.stop(0);
        }
        assertThat(seen).contains("Bearer t0k", "Basic " + java.util.Base64.getEncoder()
                .encodeToString("ann:pw".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void registryVersionsAndAliases(MlflowServer server) {
        Experiment exp = client.createExperiment("registry-" + UUID.randomUUID());
        Run run = client.createRun(exp.id(), null, Map.of(), System.currentTimeMillis());
        String name = "model-" + UUID.randomUUID();

        client.ensureRegisteredModel(name);
        client.ensureRegisteredModel(name);
        ModelVersion v1 = client.createModelVersion(name, run.artifactUri() + "/model", run.id());
        client.setAlias(name, "champion", v1.version());

        assertThat(client.modelVersionByAlias(name, "champion").version()).isEqualTo("1");
        assertThat(client.modelVersion(name, "1").source()).isEqualTo(run.artifactUri() + "/model");
        assertThatThrownBy(() -> client.modelVersionByAlias(name, "nope")).hasMessageContaining("has no alias 'nope'");
        assertThatThrownBy(() -> client.modelVersion(name, "9")).hasMessageContaining("No version 9");
    }
}
