package dev.lakehouse.magics.spark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.JobFailed;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.scheduler.StageInfo;

/**
 * Live Spark progress per cell. Jobs are attributed to a cell by their job group (the kernel sets
 * the cell id as group), and each cell gets one display that is updated in place: at most one
 * update per {@code minInterval} per cell, plus a final one when its jobs end.
 *
 * <p>Short jobs stay invisible: a cell's display appears only once its jobs have run for
 * {@code showAfter}, so quick queries do not leave a progress bar behind. Listener callbacks only
 * update counters; they never throw into Spark's listener bus.
 */
public final class SparkProgressListener extends SparkListener implements AutoCloseable {
    public static final String JOB_GROUP_PROPERTY = "spark.jobGroup.id";
    public static final Duration DEFAULT_SHOW_AFTER = Duration.ofMillis(300);
    public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofMillis(250);
    private static final int REMEMBERED_CELLS = 64;

    private final Function<String, Optional<ProgressSink>> sinks;
    private final long showAfterNanos;
    private final long minIntervalNanos;
    private final LongSupplier nanoClock;
    private final Map<String, CellProgress> cells = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CellProgress> eldest) {
            return size() > REMEMBERED_CELLS && eldest.getValue().outcome() != CellProgress.Outcome.RUNNING;
        }
    };
    private final Map<Integer, String> groupOfJob = new HashMap<>();
    private final Map<Integer, String> groupOfStage = new HashMap<>();
    private ScheduledExecutorService ticker;
    private SparkContext attachedTo;
    private final Map<Integer, List<Integer>> stagesOfJob = new HashMap<>();
    private long lastLoggedFailure = System.nanoTime() - TimeUnit.MINUTES.toNanos(2);

    public SparkProgressListener(Function<String, Optional<ProgressSink>> sinks) {
        this(sinks, DEFAULT_SHOW_AFTER, DEFAULT_MIN_INTERVAL, System::nanoTime);
    }

    public SparkProgressListener(Function<String, Optional<ProgressSink>> sinks, Duration showAfter,
                                 Duration minInterval, LongSupplier nanoClock) {
        this.sinks = sinks;
        this.showAfterNanos = showAfter.toNanos();
        this.minIntervalNanos = minInterval.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * The kernel's one-liner: registers a listener with default timing on {@code sc} and starts the
     * ticker that delivers updates held back by throttling.
     */
    public static SparkProgressListener attach(SparkContext sc, Function<String, Optional<ProgressSink>> sinks) {
        return new SparkProgressListener(sinks).attachTo(sc);
    }

    /** Listens on {@code sc}, waits for its pending events when a cell finishes, and starts the ticker. */
    SparkProgressListener attachTo(SparkContext sc) {
        return listenOn(sc).startTicker();
    }

    /** {@link #attachTo} without the ticker: held-back updates go out only through {@link #tick()}. */
    synchronized SparkProgressListener listenOn(SparkContext sc) {
        attachedTo = sc;
        sc.addSparkListener(this);
        return this;
    }

    /** Starts a daemon thread that pushes throttled updates once their interval has passed. */
    public synchronized SparkProgressListener startTicker() {
        if (ticker == null) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "lakehouse-spark-progress");
                t.setDaemon(true);
                return t;
            });
            long period = Math.max(1, TimeUnit.NANOSECONDS.toMillis(minIntervalNanos));
            ticker.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** Pushes every held-back update whose interval has passed; the ticker calls this. */
    public void tick() {
        guard(() -> {
            synchronized (this) {
                for (CellProgress cell : new ArrayList<>(cells.values())) {
                    if (cell.dirty) {
                        push(cell, false);
                    }
                }
            }
        });
    }

    /**
     * Called by the kernel when a cell ends: waits briefly for Spark's pending events, pushes the
     * cell's final state if it was shown, and forgets the cell.
     */
    public void cellFinished(String group) {
        SparkContext sc = attachedTo;
        if (sc != null && !sc.isStopped()) {
            // Spark's own waitUntilEmpty polls in 10 ms sleeps; a marker event arrives as soon as
            // every event posted before it has reached this listener. A failed job's end is posted
            // just after its caller saw the failure, so while the cell still shows a running job,
            // look again (within the same half second).
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            guard(() -> {
                do {
                    Drained marker = new Drained(new CountDownLatch(1));
                    sc.listenerBus().post(marker);
                    marker.seen().await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } while (hasRunningJob(group) && System.nanoTime() < deadline && pause());
            });
        }
        guard(() -> {
            synchronized (this) {
                CellProgress cell = cells.remove(group);
                if (cell != null && cell.displayId != null && cell.dirty) {
                    send(cell);
                }
            }
        });
    }

    private synchronized boolean hasRunningJob(String group) {
        CellProgress cell = cells.get(group);
        return cell != null && cell.jobs.containsValue(CellProgress.JobStatus.RUNNING);
    }

    private static boolean pause() throws InterruptedException {
        Thread.sleep(5);
        return true;
    }

    /** Posted when a cell ends; seeing it means this listener has had every earlier event. */
    private record Drained(CountDownLatch seen) implements SparkListenerEvent {
        @Override
        public boolean logEvent() {
            return false;
        }
    }

    @Override
    public void onOtherEvent(SparkListenerEvent event) {
        if (event instanceof Drained marker) {
            marker.seen().countDown();
        }
    }

    @Override
    public void onJobStart(SparkListenerJobStart event) {
        guard(() -> {
            String group = groupOf(event.properties());
            if (group == null) {
                return;
            }
            synchronized (this) {
                CellProgress cell = cells.computeIfAbsent(group, g -> new CellProgress(g, nanoClock.getAsLong()));
                cell.jobs.put(event.jobId(), CellProgress.JobStatus.RUNNING);
                groupOfJob.put(event.jobId(), group);
                List<Integer> stageIds = new ArrayList<>();
                for (StageInfo info : scala.jdk.javaapi.CollectionConverters.asJava(event.stageInfos())) {
                    cell.stages.putIfAbsent(info.stageId(), new CellProgress.Stage(info.stageId(), info.name(), info.numTasks()));
                    groupOfStage.put(info.stageId(), group);
                    stageIds.add(info.stageId());
                }
                stagesOfJob.put(event.jobId(), stageIds);
                changed(cell);
            }
        });
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted event) {
        guard(() -> {
            synchronized (this) {
                StageInfo info = event.stageInfo();
                CellProgress cell = cellOfStage(info.stageId());
                if (cell == null) {
                    return;
                }
                CellProgress.Stage stage = cell.stages.computeIfAbsent(info.stageId(),
                        id -> new CellProgress.Stage(id, info.name(), info.numTasks()));
                stage.submitted = true;
                stage.finished = false;
                stage.totalTasks = info.numTasks();
                changed(cell);
            }
        });
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart event) {
        guard(() -> {
            synchronized (this) {
                CellProgress.Stage stage = stage(event.stageId());
                if (stage != null) {
                    stage.runningTasks++;
                    changed(cellOfStage(event.stageId()));
                }
            }
        });
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
        guard(() -> {
            synchronized (this) {
                CellProgress.Stage stage = stage(event.stageId());
                if (stage == null) {
                    return;
                }
                stage.runningTasks = Math.max(0, stage.runningTasks - 1);
                if (event.taskInfo() != null && event.taskInfo().successful()) {
                    stage.completedTasks = Math.min(stage.totalTasks, stage.completedTasks + 1);
                } else {
                    stage.failedTasks++;
                }
                changed(cellOfStage(event.stageId()));
            }
        });
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted event) {
        guard(() -> {
            synchronized (this) {
                StageInfo info = event.stageInfo();
                CellProgress.Stage stage = stage(info.stageId());
                if (stage == null) {
                    return;
                }
                stage.finished = true;
                stage.runningTasks = 0;
                stage.failed = info.failureReason().isDefined();
                changed(cellOfStage(info.stageId()));
            }
        });
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd event) {
        guard(() -> {
            synchronized (this) {
                String group = groupOfJob.remove(event.jobId());
                CellProgress cell = group == null ? null : cells.get(group);
                List<Integer> stageIds = stagesOfJob.remove(event.jobId());
                if (stageIds != null) {
                    for (Integer stageId : stageIds) {
                        if (stagesOfJob.values().stream().noneMatch(ids -> ids.contains(stageId))) {
                            groupOfStage.remove(stageId);
                        }
                    }
                }
                if (cell == null) {
                    return;
                }
                cell.jobs.put(event.jobId(), statusOf(event));
                changed(cell);
            }
        });
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
        if (attachedTo != null) {
            attachedTo.removeSparkListener(this);
            attachedTo = null;
        }
    }

    /** The text the cell's display shows now; for tests and logs. */
    synchronized Optional<String> currentText(String group) {
        return Optional.ofNullable(cells.get(group)).map(ProgressView::text);
    }

    private static CellProgress.JobStatus statusOf(SparkListenerJobEnd event) {
        if (event.jobResult() instanceof JobFailed failed) {
            String message = String.valueOf(failed.exception().getMessage());
            return message.contains("cancelled") || message.contains("canceled")
                    ? CellProgress.JobStatus.CANCELLED : CellProgress.JobStatus.FAILED;
        }
        return CellProgress.JobStatus.SUCCEEDED;
    }

    private static String groupOf(Properties properties) {
        return properties == null ? null : properties.getProperty(JOB_GROUP_PROPERTY);
    }

    private CellProgress cellOfStage(int stageId) {
        String group = groupOfStage.get(stageId);
        return group == null ? null : cells.get(group);
    }

    private CellProgress.Stage stage(int stageId) {
        CellProgress cell = cellOfStage(stageId);
        return cell == null ? null : cell.stages.get(stageId);
    }

    private void changed(CellProgress cell) {
        if (cell == null) {
            return;
        }
        cell.dirty = true;
        push(cell, false);
    }

    /** Shows or updates the cell's display if it is due; otherwise leaves it dirty for the ticker. */
    private void push(CellProgress cell, boolean force) {
        long now = nanoClock.getAsLong();
        if (cell.displayId == null) {
            boolean due = now - cell.startedNanos >= showAfterNanos;
            if (cell.showFailed || cell.outcome() != CellProgress.Outcome.RUNNING) {
                cell.dirty = false; // finished before it was worth showing: leave no trace
                return;
            }
            if (!due) {
                return;
            }
        } else if (!force && now - cell.lastPushNanos < minIntervalNanos) {
            return;
        }
        cell.lastPushNanos = now;
        send(cell);
    }

    private void send(CellProgress cell) {
        Optional<ProgressSink> sink = sinks.apply(cell.group);
        if (sink.isEmpty()) {
            cell.dirty = false;
            return;
        }
        cell.dirty = false;
        if (cell.displayId == null) {
            try {
                cell.displayId = sink.get().show(ProgressView.render(cell));
            } finally {
                cell.showFailed = cell.displayId == null;
            }
        } else {
            sink.get().update(cell.displayId, ProgressView.render(cell));
        }
    }

    private void guard(ThrowingRunnable action) {
        try {
            action.run();
        } catch (Throwable t) {
            // Never into Spark's listener bus: a broken display must not break the scheduler.
            long now = System.nanoTime();
            if (now - lastLoggedFailure > TimeUnit.MINUTES.toNanos(1)) {
                lastLoggedFailure = now;
                System.err.println("Spark progress display failed: " + t);
            }
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
