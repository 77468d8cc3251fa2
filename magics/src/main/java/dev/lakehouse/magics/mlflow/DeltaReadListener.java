package dev.lakehouse.magics.mlflow;

import java.util.Arrays;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.util.QueryExecutionListener;

/**
 * Sees every query a SparkSession executes and records the Delta versions it read while an MLflow
 * run is active. Registered per session by {@link #installOn}, or for every session with
 * {@code spark.sql.queryExecutionListeners=dev.lakehouse.magics.mlflow.DeltaReadListener}.
 */
public final class DeltaReadListener implements QueryExecutionListener {
    private final LineageRecorder recorder;

    public DeltaReadListener() {
        this(LineageRecorder.SHARED);
    }

    DeltaReadListener(LineageRecorder recorder) {
        this.recorder = recorder;
    }

    /** Registers the listener on {@code spark} unless one is there already. */
    public static void installOn(SparkSession spark) {
        boolean present = Arrays.stream(spark.listenerManager().listListeners()).anyMatch(l -> l instanceof DeltaReadListener);
        if (!present) {
            spark.listenerManager().register(new DeltaReadListener());
        }
    }

    /** Waits until Spark has delivered every query event so far, so the recorder is up to date. */
    public static void drain(SparkSession spark) {
        try {
            spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
        } catch (TimeoutException e) {
            // a stuck listener elsewhere: tag with what has arrived rather than hang the cell
        }
    }

    @Override
    public void onSuccess(String funcName, QueryExecution qe, long durationNs) {
        if (!recorder.recording()) {
            return;
        }
        try {
            recorder.record(DeltaReads.in(qe.analyzed()));
        } catch (RuntimeException | LinkageError e) {
            // lineage must never break a query; an unexpected plan shape just records nothing
        }
    }

    @Override
    public void onFailure(String funcName, QueryExecution qe, Exception exception) {
        // a failed query read nothing we can vouch for
    }
}
