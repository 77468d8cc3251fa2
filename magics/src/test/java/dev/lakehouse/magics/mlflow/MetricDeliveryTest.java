package dev.lakehouse.magics.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Metrics logged while the server is unreachable arrive later, or the flush fails saying so: never silently lost. */
@ExtendWith(MlflowServerExtension.class)
class MetricDeliveryTest {
    private FlakyProxy proxy;
    private MlflowSession session;
    private String runId;

    @BeforeEach
    void runBehindAFlakyConnection(MlflowServer server) throws Exception {
        proxy = new FlakyProxy(server.port());
        session = new MlflowSession(Map.of(), 0);
        session.connect(proxy.uri().toString());
        session.setExperiment("delivery-" + UUID.randomUUID(), true);
        runId = session.startRun("delivery", Map.of()).id();
    }

    @AfterEach
    void cleanUp() throws Exception {
        proxy.up();
        try {
            session.activeRun().ifPresent(r -> session.endRun(RunStatus.FINISHED));
        } catch (MlflowException deletedRun) {
            // the refused-metrics test deletes its run on purpose
        }
        session.close();
        proxy.close();
    }

    @Test
    void metricsLoggedDuringAnOutageArriveOnceTheServerIsBack() throws Exception {
        proxy.down();
        for (int step = 0; step < 200; step++) {
            session.logMetric("loss", 1.0 / (step + 1), step);
        }
        assertThat(session.pendingMetrics()).isEqualTo(200);

        session.setRetryBudget(Duration.ofSeconds(60));
        CompletableFuture<Void> flush = CompletableFuture.runAsync(session::flush);
        while (proxy.dropped() < 3) { // the outage lasts until the flush has retried a few times
            assertThat(flush).isNotDone();
            Thread.sleep(10);
        }
        proxy.up();
        flush.get(60, TimeUnit.SECONDS);

        assertThat(session.pendingMetrics()).isZero();
        assertThat(session.client().metricHistory(runId, "loss")).extracting(Metric::step)
                .containsExactlyElementsOf(LongStream.range(0, 200).boxed().toList());
    }

    @Test
    void anOutageLongerThanTheRetryBudgetFailsClearlyAndKeepsEveryMetric() {
        proxy.down();
        session.setRetryBudget(Duration.ofMillis(300));
        for (int step = 0; step < 10; step++) {
            session.logMetric("acc", step / 10.0, step);
        }

        assertThatThrownBy(session::flush).isInstanceOf(MlflowException.class)
                .hasMessageContaining("10 metric values are not delivered yet (kept in memory")
                .hasMessageContaining("Cannot reach the MLflow tracking server").hasMessageContaining("retried for 300 ms");
        assertThat(session.pendingMetrics()).isEqualTo(10);
        assertThatThrownBy(() -> session.endRun(RunStatus.FINISHED)).hasMessageContaining("not delivered yet");
        assertThat(session.activeRun()).isPresent();

        proxy.up();
        Run ended = session.endRun(RunStatus.FINISHED);

        assertThat(ended.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(session.client().metricHistory(runId, "acc")).hasSize(10);
    }

    @Test
    void theBackgroundSenderDeliversWithoutAFlush() throws Exception {
        MlflowSession background = new MlflowSession(Map.of(), 50);
        try {
            background.connect(proxy.uri().toString());
            background.setExperiment(session.experiment().name(), false);
            String id = background.startRun("background", Map.of()).id();
            background.logMetric("seen", 1.0, 0);

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (background.pendingMetrics() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }

            assertThat(background.pendingMetrics()).isZero();
            assertThat(background.client().metricHistory(id, "seen")).hasSize(1);
            background.endRun(RunStatus.FINISHED);
        } finally {
            background.close();
        }
    }

    @Test
    void metricsTheServerRefusesAreReportedOnceNotRetriedForever() {
        session.logMetric("orphan", 1.0, 0);
        session.client().deleteRun(runId);

        assertThatThrownBy(session::flush).hasMessageContaining("rejected by the server and not logged");
        assertThat(session.pendingMetrics()).isZero();
    }
}
