package dev.lakehouse.magics.mlflow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Metrics on their way to the server. Logging one is a memory write; delivery goes through
 * log-batch, up to 1,000 metrics a request: at once when that many are waiting, every second in
 * the background, and whenever someone calls {@link #flush()} (run end, every {@code %mlflow}
 * magic, the end of each cell when the kernel hook is wired). A metric leaves the buffer only
 * once the server has accepted it; a failed delivery keeps it for the next attempt, and a
 * foreground flush that still fails after retrying throws, naming how many are waiting.
 */
public final class MetricBuffer implements AutoCloseable {
    private record Pending(String runId, Metric metric) {}

    private final TrackingClient client;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private final Object delivery = new Object();
    private final ScheduledExecutorService background;
    private volatile MlflowException lastBackgroundFailure;
    private volatile MlflowException rejectedInBackground;

    public MetricBuffer(TrackingClient client, long backgroundPeriodMillis) {
        this.client = client;
        this.background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mlflow-metrics");
            t.setDaemon(true);
            return t;
        });
        if (backgroundPeriodMillis > 0) {
            background.scheduleWithFixedDelay(this::deliverQuietly, backgroundPeriodMillis, backgroundPeriodMillis,
                    TimeUnit.MILLISECONDS);
        }
    }

    public void add(String runId, Metric metric) {
        int waiting;
        synchronized (pending) {
            pending.addLast(new Pending(runId, metric));
            waiting = pending.size();
        }
        if (waiting >= TrackingClient.MAX_METRICS_PER_BATCH) {
            flush();
        }
    }

    public int pendingCount() {
        synchronized (pending) {
            return pending.size();
        }
    }

    /** Delivers everything waiting, retrying within the client's policy; throws if some could not be. */
    public void flush() {
        MlflowException rejected = rejectedInBackground;
        if (rejected != null) {
            rejectedInBackground = null;
            throw rejected;
        }
        try {
            deliver(client.retry());
        } catch (MlflowException e) {
            int waiting = pendingCount();
            if (e instanceof RejectedMetrics) {
                throw e;
            }
            throw new MlflowException(waiting + " metric value" + (waiting == 1 ? " is" : "s are")
                    + " not delivered yet (kept in memory; %mlflow flush retries): " + e.getMessage(), e);
        }
    }

    /** The background tick: one attempt, failures kept for the next. */
    void deliverQuietly() {
        if (pendingCount() == 0) {
            return;
        }
        try {
            deliver(RetryPolicy.NONE);
            lastBackgroundFailure = null;
        } catch (RejectedMetrics e) {
            rejectedInBackground = e;
        } catch (MlflowException e) {
            lastBackgroundFailure = e;
        }
    }

    /** Why the last background delivery failed, if it did (cleared by a later success). */
    public MlflowException lastBackgroundFailure() {
        return lastBackgroundFailure;
    }

    private void deliver(RetryPolicy policy) {
        synchronized (delivery) {
            while (true) {
                List<Pending> batch = nextBatch();
                if (batch.isEmpty()) {
                    return;
                }
                List<Metric> metrics = new ArrayList<>(batch.size());
                batch.forEach(p -> metrics.add(p.metric()));
                try {
                    client.logBatch(batch.get(0).runId(), metrics, Map.of(), Map.of(), policy);
                } catch (MlflowServerException e) {
                    // the server answered "no": sending the same batch again cannot succeed
                    removeFirst(batch.size());
                    throw new RejectedMetrics(batch.size() + " metric values for run " + batch.get(0).runId()
                            + " were rejected by the server and not logged: " + e.getMessage(), e);
                }
                removeFirst(batch.size());
            }
        }
    }

    private void removeFirst(int count) {
        synchronized (pending) {
            for (int i = 0; i < count; i++) {
                pending.removeFirst();
            }
        }
    }

    /** The server refused a batch (bad key, deleted run...): reported once, never retried. */
    static final class RejectedMetrics extends MlflowException {
        RejectedMetrics(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The oldest waiting metrics of one run, at most one request's worth; they stay queued until sent. */
    private List<Pending> nextBatch() {
        synchronized (pending) {
            List<Pending> batch = new ArrayList<>();
            for (Pending p : pending) {
                if (batch.size() == TrackingClient.MAX_METRICS_PER_BATCH
                        || (!batch.isEmpty() && !batch.get(0).runId().equals(p.runId()))) {
                    break;
                }
                batch.add(p);
            }
            return batch;
        }
    }

    @Override
    public void close() {
        background.shutdownNow();
    }
}
