package dev.lakehouse.magics.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.testing.TestSpark;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SparkProgressListenerTest {
    private final SparkSession spark = TestSpark.session();
    private final SparkContext sc = spark.sparkContext();
    private final RecordingSink sink = new RecordingSink();
    private SparkProgressListener listener;

    static final class RecordingSink implements ProgressSink {
        final List<DisplayData> shown = new CopyOnWriteArrayList<>();
        final List<DisplayData> updates = new CopyOnWriteArrayList<>();

        @Override
        public String show(DisplayData display) {
            shown.add(display);
            return "progress-" + shown.size();
        }

        @Override
        public void update(String displayId, DisplayData display) {
            assertThat(displayId).isEqualTo("progress-1");
            updates.add(display);
        }

        String last() {
            return updates.isEmpty() ? shown.get(shown.size() - 1).plainText() : updates.get(updates.size() - 1).plainText();
        }
    }

    private SparkProgressListener listen(String group, LongSupplier clock) {
        listener = new SparkProgressListener(g -> g.equals(group) ? Optional.of(sink) : Optional.empty(),
                Duration.ZERO, Duration.ofMillis(250), clock).listenOn(sc);
        return listener;
    }

    @AfterEach
    void detach() {
        listener.close();
        sc.clearJobGroup();
    }

    @Test
    void aFinishingCellWaitsForTheJobEventsStillOnTheListenerBus() {
        org.apache.spark.scheduler.SparkListener slow = new org.apache.spark.scheduler.SparkListener() {
            @Override
            public void onJobEnd(org.apache.spark.scheduler.SparkListenerJobEnd jobEnd) {
                try {
                    Thread.sleep(300); // holds the shared queue: the job's end reaches the listener late
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        sc.addSparkListener(slow);
        listener = new SparkProgressListener(g -> g.equals("cell-marker") ? Optional.of(sink) : Optional.empty(),
                Duration.ZERO, Duration.ofMillis(250), () -> 0L).listenOn(sc);
        try {
            java.util.Properties inCell = new java.util.Properties();
            inCell.setProperty(SparkProgressListener.JOB_GROUP_PROPERTY, "cell-marker");
            int jobId = 900_001; // events posted by hand: no real job's timing involved
            sc.listenerBus().post(new org.apache.spark.scheduler.SparkListenerJobStart(jobId, 0L,
                    scala.collection.immutable.List$.MODULE$.empty(), inCell));
            sc.listenerBus().post(new org.apache.spark.scheduler.SparkListenerJobEnd(jobId, 1L,
                    org.apache.spark.scheduler.JobSucceeded$.MODULE$));
            listener.cellFinished("cell-marker"); // both events are still queued behind the slow listener

            assertThat(sink.shown).hasSize(1);
            assertThat(sink.last()).startsWith("Spark: done");
        } finally {
            listener.close();
            sc.removeSparkListener(slow);
        }
    }

    @Test
    void throttlesUpdatesAndDeliversTheFinalStateWhenTheCellEnds() {
        listen("cell-throttle", () -> 0L); // frozen clock: nothing after the first show is ever due

        inGroup("cell-throttle", () -> spark.range(0, 1000, 1, 4).selectExpr("sum(id)").collectAsList());
        TestSpark.drainListenerBus(spark);

        assertThat(sink.shown).hasSize(1);
        assertThat(sink.shown.get(0).plainText()).startsWith("Spark: running");
        assertThat(sink.shown.get(0).data()).containsKey(DisplayData.HTML);
        assertThat(sink.updates).isEmpty();

        listener.cellFinished("cell-throttle");
        assertThat(sink.updates).hasSize(1);
        assertThat(sink.last()).startsWith("Spark: done").contains("tasks");
        String[] tasks = sink.last().replaceAll(".* (\\d+)/(\\d+) tasks.*", "$1 $2").split(" ");
        assertThat(tasks[0]).isEqualTo(tasks[1]);
    }

    @Test
    void updatesWhenIntervalsPassAndShowsStages() {
        AtomicLong now = new AtomicLong();
        listen("cell-live", () -> now.addAndGet(Duration.ofSeconds(1).toNanos()));

        inGroup("cell-live", () -> spark.range(0, 1000, 1, 4).selectExpr("sum(id)").collectAsList());
        TestSpark.drainListenerBus(spark);

        assertThat(sink.updates.size()).isGreaterThan(3);
        assertThat(sink.updates).anyMatch(d -> d.plainText().matches(".*Stage \\d+: \\d+/4 tasks.*"));
        assertThat(sink.last()).startsWith("Spark: done");
    }

    @Test
    void jobsOutsideTheCellsGroupAndQuickCellsShowNothing() {
        listener = new SparkProgressListener(g -> Optional.of(sink), Duration.ofHours(1), Duration.ZERO, () -> 0L);
        sc.addSparkListener(listener);

        inGroup("quick-cell", () -> spark.range(10).collectAsList());
        spark.range(10).collectAsList(); // no job group at all
        TestSpark.drainListenerBus(spark);
        listener.cellFinished("quick-cell");

        assertThat(sink.shown).isEmpty();
        assertThat(sink.updates).isEmpty();
    }

    @Test
    void reportsAFailedJob() {
        listen("cell-fail", () -> 0L);

        assertThatThrownBy(() -> inGroup("cell-fail",
                () -> spark.sql("SELECT raise_error(concat('boom ', id)) FROM range(0, 4, 1, 2)").collectAsList()))
                .hasMessageContaining("boom");
        listener.cellFinished("cell-fail"); // the failed job's end is posted after the caller saw the failure

        assertThat(sink.last()).startsWith("Spark: failed");
    }

    @Test
    void reportsACancelledJob() throws Exception {
        listen("cell-cancel", () -> 0L);
        Thread query = new Thread(() -> {
            sc.setJobGroup("cell-cancel", "sleepy", true);
            try {
                spark.range(0, 2, 1, 2).map((MapFunction<Long, Long>) x -> {
                    Thread.sleep(60_000);
                    return x;
                }, Encoders.LONG()).collectAsList();
            } catch (Exception expected) {
                // cancelled below
            }
        });
        query.start();
        while (!listener.currentText("cell-cancel").orElse("").contains("running)")) {
            Thread.sleep(20);
        }

        sc.cancelJobGroup("cell-cancel");
        query.join(30_000);
        TestSpark.drainListenerBus(spark);
        listener.cellFinished("cell-cancel");

        assertThat(query.isAlive()).isFalse();
        assertThat(sink.last()).startsWith("Spark: cancelled");
    }

    @Test
    void aThrowingSinkNeverReachesSparksListenerBus() {
        listener = new SparkProgressListener(g -> { throw new IllegalStateException("sink broke"); },
                Duration.ZERO, Duration.ZERO, () -> 0L);
        sc.addSparkListener(listener);

        List<?> rows = inGroup("cell-broken", () -> spark.range(0, 100, 1, 2).collectAsList());
        TestSpark.drainListenerBus(spark);

        assertThat(rows).hasSize(100);
    }

    private <T> T inGroup(String group, java.util.function.Supplier<T> action) {
        sc.setJobGroup(group, "test", true);
        try {
            return action.get();
        } finally {
            sc.clearJobGroup();
        }
    }
}
