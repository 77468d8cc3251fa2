package dev.lakehouse.jobs.engine;

import dev.lakehouse.export.spec.JobSpec;
import dev.lakehouse.export.spec.Task;
import dev.lakehouse.export.spec.Webhook;
import dev.lakehouse.export.spec.WebhookNotifications;
import dev.lakehouse.jobs.ServiceLog;
import dev.lakehouse.jobs.store.LifeCycleState;
import dev.lakehouse.jobs.store.ResultState;
import dev.lakehouse.jobs.store.RunRecord;
import dev.lakehouse.jobs.store.RunRepository;
import dev.lakehouse.jobs.store.RunRepository.Admission;
import dev.lakehouse.jobs.store.RunRepository.RunRequest;
import dev.lakehouse.jobs.store.TaskAttempt;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admits runs (respecting {@code max_concurrent_runs}), executes the ones this instance owns, and
 * handles cancel, repair, recovery after a crash and promotion of queued runs.
 */
public final class RunEngine implements AutoCloseable {
    private final RunRepository runs;
    private final TaskLauncher launcher;
    private final Webhooks webhooks;
    private final String owner;
    private final ExecutorService runThreads = Executors.newCachedThreadPool(named("run"));
    private final ExecutorService taskThreads = Executors.newCachedThreadPool(named("task"));
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(named("cancel-watch"));
    private final Map<Long, RunExecution> executions = new ConcurrentHashMap<>();
    private volatile boolean closing;
    /** Before {@link #start()}, submitted runs are only recorded; start() executes them with the recovered ones. */
    private volatile boolean started;

    public RunEngine(RunRepository runs, TaskLauncher launcher, Webhooks webhooks, String owner) {
        this.runs = runs;
        this.launcher = launcher;
        this.webhooks = webhooks;
        this.owner = owner;
    }

    /**
     * Resumes the runs this instance left active when it stopped, executes the ones submitted before
     * this call (catch-up), then starts watching for cancels.
     */
    public void start() throws SQLException {
        started = true;
        for (RunRecord run : runs.activeRunsOwnedBy(owner)) {
            if (run.startedAt() != null) {
                ServiceLog.info("run %d was active when the service stopped: recovering it", run.runId());
            }
            execute(run.runId());
        }
        for (long jobId : runs.jobsWithQueuedRuns()) {
            promoteQueued(jobId);
        }
        // Cancels asked of another instance reach the owner through the database.
        watcher.scheduleWithFixedDelay(this::pollCancels, 1, 1, TimeUnit.SECONDS);
    }

    /** Records a new run and, when it is PENDING, starts it here. Empty: a duplicate fire, or the job is gone. */
    public Optional<Admission> submit(RunRequest request) throws SQLException {
        Optional<Admission> admission = runs.admit(request, owner, System.currentTimeMillis());
        admission.filter(Admission::created).map(Admission::run)
                .filter(run -> started && run.lifeCycleState() == LifeCycleState.PENDING)
                .ifPresent(run -> execute(run.runId()));
        return admission;
    }

    /** How a cancel request went. */
    public enum CancelOutcome { NOT_FOUND, ALREADY_FINISHED, CANCELED, CANCEL_REQUESTED }

    public CancelOutcome cancel(long runId) throws SQLException {
        Optional<RunRecord> run = runs.find(runId);
        if (run.isEmpty()) {
            return CancelOutcome.NOT_FOUND;
        }
        if (!run.get().lifeCycleState().isActive()) {
            return CancelOutcome.ALREADY_FINISHED;
        }
        if (runs.cancelQueued(runId, System.currentTimeMillis())) {
            return CancelOutcome.CANCELED;
        }
        runs.requestCancel(runId);
        RunExecution execution = executions.get(runId);
        if (execution != null) {
            execution.requestCancel();
        }
        return CancelOutcome.CANCEL_REQUESTED;
    }

    /** A repair that cannot be done, with the reason for the client. */
    public static final class RepairRefused extends RuntimeException {
        public RepairRefused(String message) {
            super(message);
        }
    }

    /**
     * Reruns, inside the same run, the given tasks (default: every task that did not succeed) and all
     * tasks downstream of them. Returns the task keys that will run again.
     */
    public List<String> repair(long runId, List<String> rerunTasks) throws SQLException {
        RunRecord run = runs.find(runId).orElseThrow(() -> new RepairRefused("no run " + runId));
        if (run.lifeCycleState().isActive() || executions.containsKey(runId)) {
            throw new RepairRefused("run " + runId + " is still " + run.lifeCycleState() + "; repair it once it has ended");
        }
        if (run.lifeCycleState() == LifeCycleState.SKIPPED) {
            throw new RepairRefused("run " + runId + " was skipped and never ran; start a new run instead");
        }
        JobSpec spec = run.spec();
        Map<String, TaskAttempt> latest = runs.latestAttempts(runId);
        Set<String> seeds = new LinkedHashSet<>();
        if (rerunTasks != null && !rerunTasks.isEmpty()) {
            for (String key : rerunTasks) {
                if (spec.task(key).isEmpty()) {
                    throw new RepairRefused("run " + runId + " has no task '" + key + "'; tasks: "
                            + String.join(", ", spec.tasks().stream().map(Task::taskKey).toList()));
                }
                seeds.add(key);
            }
        } else {
            latest.values().stream().filter(a -> a.resultState() != null && a.resultState().isFailure())
                    .forEach(a -> seeds.add(a.taskKey()));
        }
        if (seeds.isEmpty()) {
            throw new RepairRefused("run " + runId + " has no failed tasks to repair");
        }
        Set<String> rerun = withDownstream(spec, seeds);
        int generation = runs.reopenForRepair(runId, owner);
        if (generation < 0) {
            throw new RepairRefused("run " + runId + " changed while repairing; try again");
        }
        List<String> keys = new ArrayList<>();
        for (Task task : spec.tasks()) {
            if (rerun.contains(task.taskKey())) {
                int attempt = latest.containsKey(task.taskKey()) ? latest.get(task.taskKey()).attempt() + 1 : 1;
                runs.insertAttempt(new TaskAttempt(runId, task.taskKey(), attempt, generation, LifeCycleState.PENDING,
                        null, "repair " + generation, null, null, null, null, null, null, null, null));
                keys.add(task.taskKey());
            }
        }
        ServiceLog.info("run %d: repair %d reruns %s", runId, generation, keys);
        execute(runId);
        return keys;
    }

    static Set<String> withDownstream(JobSpec spec, Set<String> seeds) {
        Set<String> closure = new LinkedHashSet<>(seeds);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Task task : spec.tasks()) {
                if (!closure.contains(task.taskKey()) && task.dependencyKeys().stream().anyMatch(closure::contains)) {
                    closure.add(task.taskKey());
                    grew = true;
                }
            }
        }
        return closure;
    }

    private void execute(long runId) {
        if (closing) {
            return;
        }
        RunExecution execution = new RunExecution(this, runId);
        if (executions.putIfAbsent(runId, execution) == null) {
            runThreads.execute(execution);
        }
    }

    void executionEnded(RunExecution execution) {
        executions.remove(execution.runId());
        if (closing) {
            return;
        }
        try {
            runs.find(execution.runId()).ifPresent(run -> promoteQueued(run.jobId()));
        } catch (SQLException e) {
            ServiceLog.warn("could not start queued runs after run %d: %s", execution.runId(), e.getMessage());
        }
    }

    private void promoteQueued(long jobId) {
        try {
            Optional<RunRecord> next;
            while ((next = runs.promoteQueued(jobId, owner)).isPresent()) {
                ServiceLog.info("run %d of job %d leaves the queue", next.get().runId(), jobId);
                execute(next.get().runId());
            }
        } catch (SQLException e) {
            ServiceLog.warn("could not start queued runs of job %d: %s", jobId, e.getMessage());
        }
    }

    private void pollCancels() {
        try {
            for (long runId : runs.cancelRequestedOwnedBy(owner)) {
                RunExecution execution = executions.get(runId);
                if (execution != null) {
                    execution.requestCancel();
                }
            }
        } catch (SQLException e) {
            ServiceLog.warn("cancel watch: %s", e.getMessage());
        } catch (RuntimeException e) {
            ServiceLog.warn("cancel watch: %s", e);
        }
    }

    void notify(RunRecord run, String event, ResultState result) {
        WebhookNotifications hooks = run.spec().webhookNotifications();
        if (hooks == null) {
            return;
        }
        List<Webhook> targets = switch (event) {
            case "on_start" -> hooks.onStart();
            case "on_success" -> hooks.onSuccess();
            default -> hooks.onFailure();
        };
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event", event);
        payload.put("job_id", run.jobId());
        payload.put("run_id", run.runId());
        payload.put("job_name", run.spec().name());
        payload.put("trigger", run.trigger().name());
        payload.put("scheduled_fire_time", run.scheduledFireTime());
        payload.put("result_state", result == null ? null : result.name());
        payload.put("time", System.currentTimeMillis());
        webhooks.send(targets, payload);
    }

    RunRepository runs() {
        return runs;
    }

    TaskLauncher launcher() {
        return launcher;
    }

    ExecutorService taskThreads() {
        return taskThreads;
    }

    boolean isClosing() {
        return closing;
    }

    public int activeExecutions() {
        return executions.size();
    }

    /** Stops executing: task processes are killed; their runs stay as recorded and are recovered at the next start. */
    @Override
    public void close() {
        closing = true;
        watcher.shutdownNow();
        runThreads.shutdownNow();
        taskThreads.shutdownNow();
        try {
            runThreads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "jobs-" + prefix + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
