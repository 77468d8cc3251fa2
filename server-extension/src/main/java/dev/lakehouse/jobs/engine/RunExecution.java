package dev.lakehouse.jobs.engine;

import dev.lakehouse.export.spec.JobSpec;
import dev.lakehouse.export.spec.Task;
import dev.lakehouse.jobs.ServiceLog;
import dev.lakehouse.jobs.store.LifeCycleState;
import dev.lakehouse.jobs.store.ResultState;
import dev.lakehouse.jobs.store.RunRecord;
import dev.lakehouse.jobs.store.RunRepository;
import dev.lakehouse.jobs.store.TaskAttempt;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Drives one run to its end: starts every task whose dependencies are finished (independent ones in
 * parallel), applies run_if, retries with back-off, enforces timeouts, and reacts to cancel. All
 * state lives in the database, so a run can be resumed from there (after a crash, or for repair).
 * Only this thread changes the run's rows while it runs; task threads report back through a queue.
 */
final class RunExecution implements Runnable {
    private static final long IDLE_POLL_MILLIS = 200;

    private record Finished(String taskKey, ResultState result, Integer exitCode, String message) {}

    private final RunEngine engine;
    private final RunRepository runs;
    private final long runId;
    private final BlockingQueue<Finished> finished = new LinkedBlockingQueue<>();
    private final Map<String, TaskProcessHolder> running = new ConcurrentHashMap<>();
    private final Map<String, TaskAttempt> latest = new LinkedHashMap<>();
    private final Map<String, Integer> attemptsThisGeneration = new HashMap<>();
    private volatile boolean cancelRequested;
    private ResultState stopReason;

    /** The process of a running attempt, and why it was killed (if it was). */
    static final class TaskProcessHolder {
        volatile TaskProcess process;
        volatile ResultState killedAs;

        void kill(ResultState reason) {
            if (killedAs == null) {
                killedAs = reason;
            }
            TaskProcess p = process;
            if (p != null) {
                p.kill();
            }
        }
    }

    RunExecution(RunEngine engine, long runId) {
        this.engine = engine;
        this.runId = runId;
        this.runs = engine.runs();
    }

    long runId() {
        return runId;
    }

    void requestCancel() {
        cancelRequested = true;
        finished.offer(new Finished(null, null, null, null));
    }

    @Override
    public void run() {
        try {
            execute();
        } catch (InterruptedException e) {
            // The service is shutting down: the run stays as recorded and is recovered at the next start.
            running.values().forEach(h -> h.kill(ResultState.FAILED));
        } catch (Exception e) {
            if (engine.isClosing()) {
                return;
            }
            ServiceLog.warn("run %d: internal error: %s", runId, e);
            running.values().forEach(h -> h.kill(ResultState.FAILED));
            try {
                runs.finish(runId, LifeCycleState.INTERNAL_ERROR, ResultState.FAILED, "internal error: " + e, now());
            } catch (SQLException ignored) {
                // The database is gone too; recovery at the next start handles this run.
            }
        } finally {
            engine.executionEnded(this);
        }
    }

    private void execute() throws SQLException, InterruptedException {
        RunRecord run = runs.find(runId).orElseThrow();
        JobSpec spec = run.spec();
        for (TaskAttempt attempt : runs.attempts(runId)) {
            latest.put(attempt.taskKey(), attempt);
        }
        latest.values().forEach(a -> attemptsThisGeneration.put(a.taskKey(), 0));
        for (TaskAttempt attempt : runs.attempts(runId)) {
            if (attempt.generation() == latest.get(attempt.taskKey()).generation()) {
                attemptsThisGeneration.merge(attempt.taskKey(), 1, Integer::sum);
            }
        }
        recoverInterruptedAttempts(spec);
        boolean firstStart = run.startedAt() == null;
        runs.markRunning(runId, now());
        if (firstStart) {
            engine.notify(run, "on_start", null);
        }
        cancelRequested |= run.cancelRequested();
        long deadline = spec.timeoutSeconds() == null || spec.timeoutSeconds() == 0 ? Long.MAX_VALUE
                : now() + spec.timeoutSeconds() * 1000L;
        while (true) {
            if (stopReason == null && (cancelRequested || now() >= deadline)) {
                stop(cancelRequested ? ResultState.CANCELED : ResultState.TIMEDOUT);
            }
            if (stopReason == null) {
                startReadyTasks(run);
            }
            if (running.isEmpty() && !hasWaitingTasks()) {
                break;
            }
            long wait = Math.min(IDLE_POLL_MILLIS, Math.max(1, nextRetryAt() - now()));
            Finished first = finished.poll(wait, TimeUnit.MILLISECONDS);
            List<Finished> batch = new ArrayList<>();
            if (first != null) {
                batch.add(first);
                finished.drainTo(batch);
            }
            for (Finished f : batch) {
                if (f.taskKey() != null && !engine.isClosing()) {
                    attemptEnded(spec, f);
                }
            }
        }
        complete(run);
    }

    /**
     * An attempt recorded RUNNING when its run is (re)loaded was interrupted: the service that ran
     * it is gone. Its process is killed if it survived, the attempt fails, and the task's retry
     * policy decides what follows.
     */
    private void recoverInterruptedAttempts(JobSpec spec) throws SQLException {
        for (TaskAttempt attempt : new ArrayList<>(latest.values())) {
            if (attempt.lifeCycleState() != LifeCycleState.RUNNING) {
                continue;
            }
            boolean killed = attempt.pid() != null && TaskProcess.killLeftover(attempt.pid(), attempt.pidStartedAt());
            long now = now();
            TaskAttempt failed = new TaskAttempt(runId, attempt.taskKey(), attempt.attempt(), attempt.generation(),
                    LifeCycleState.TERMINATED, ResultState.FAILED, "interrupted: the jobs service stopped while this attempt ran"
                    + (killed ? " (its leftover process was killed)" : ""), attempt.startedAt(), now, null, attempt.pid(),
                    attempt.pidStartedAt(), null, attempt.outputPath(), attempt.logPath());
            record(failed);
            ServiceLog.info("run %d task %s attempt %d: FAILED (interrupted by a service stop)", runId,
                    attempt.taskKey(), attempt.attempt());
            spec.task(attempt.taskKey()).ifPresent(task -> {
                try {
                    retryIfAllowed(task, failed, now);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    private void startReadyTasks(RunRecord run) throws SQLException {
        JobSpec spec = run.spec();
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Task task : spec.tasks()) {
                TaskAttempt attempt = latest.get(task.taskKey());
                if (attempt == null || running.containsKey(task.taskKey())) {
                    continue;
                }
                if (attempt.lifeCycleState() == LifeCycleState.WAITING_FOR_RETRY && attempt.notBefore() <= now()) {
                    launch(run, task, attempt);
                } else if (attempt.lifeCycleState() == LifeCycleState.PENDING) {
                    List<ResultState> dependencies = new ArrayList<>();
                    boolean ready = true;
                    for (String key : task.dependencyKeys()) {
                        TaskAttempt dependency = latest.get(key);
                        if (dependency == null || !dependency.isFinished()) {
                            ready = false;
                            break;
                        }
                        dependencies.add(dependency.resultState());
                    }
                    if (!ready) {
                        continue;
                    }
                    Optional<ResultState> instead = RunIfRule.decide(task.runIfOrDefault(), dependencies);
                    if (instead.isPresent()) {
                        LifeCycleState life = instead.get() == ResultState.SKIPPED ? LifeCycleState.SKIPPED
                                : LifeCycleState.TERMINATED;
                        record(attempt.withState(life, instead.get(), "run_if " + task.runIfOrDefault()
                                + " not met by " + task.dependencyKeys()));
                        progress = true;
                    } else {
                        launch(run, task, attempt);
                    }
                }
            }
        }
    }

    private void launch(RunRecord run, Task task, TaskAttempt attempt) throws SQLException {
        TaskProcessHolder holder = new TaskProcessHolder();
        running.put(task.taskKey(), holder);
        long started = now();
        TaskAttempt starting = new TaskAttempt(runId, task.taskKey(), attempt.attempt(), attempt.generation(),
                LifeCycleState.RUNNING, null, null, started, null, null, null, null, null,
                engine.launcher().outputNotebook(runId, task.taskKey()).toString(),
                engine.launcher().logFile(runId, task.taskKey(), attempt.attempt()).toString());
        record(starting);
        engine.taskThreads().execute(() -> runAttempt(run, task, starting, holder));
    }

    /** On a task thread: start the child JVM, wait for it within the timeout, report. */
    private void runAttempt(RunRecord run, Task task, TaskAttempt attempt, TaskProcessHolder holder) {
        Finished outcome;
        try {
            TaskProcess process = engine.launcher().start(runId, task, attempt.attempt(),
                    TaskLauncher.runParameters(run.spec(), run.parameters()),
                    run.spec().sparkMasterOrDefault());
            holder.process = process;
            runs.updateAttempt(new TaskAttempt(runId, task.taskKey(), attempt.attempt(), attempt.generation(),
                    LifeCycleState.RUNNING, null, null, attempt.startedAt(), null, null, process.pid(),
                    process.startedAtMillis(), null, attempt.outputPath(), attempt.logPath()));
            if (holder.killedAs != null) {
                process.kill();
            }
            // The limit counts from the attempt's recorded start, so process start-up is inside it.
            Duration timeout = task.timeout().map(t -> t.minusMillis(now() - attempt.startedAt())).orElse(null);
            java.util.OptionalInt exit = process.waitFor(timeout);
            if (exit.isEmpty()) {
                holder.kill(ResultState.TIMEDOUT);
                exit = process.waitFor(null);
            }
            int code = exit.getAsInt();
            if (holder.killedAs == ResultState.TIMEDOUT) {
                outcome = new Finished(task.taskKey(), ResultState.TIMEDOUT, code,
                        "timed out after " + task.timeoutSeconds() + " s; killed");
            } else if (holder.killedAs != null) {
                outcome = new Finished(task.taskKey(), holder.killedAs, code, holder.killedAs == ResultState.CANCELED
                        ? "canceled; killed" : "killed");
            } else if (code == 0) {
                outcome = new Finished(task.taskKey(), ResultState.SUCCESS, 0, null);
            } else {
                outcome = new Finished(task.taskKey(), ResultState.FAILED, code,
                        TaskLauncher.failureMessage(java.nio.file.Path.of(attempt.logPath()), code));
            }
        } catch (InterruptedException e) {
            // The service is stopping; the attempt stays RUNNING and is recovered at the next start.
            holder.kill(ResultState.FAILED);
            return;
        } catch (Exception e) {
            outcome = new Finished(task.taskKey(), ResultState.FAILED, null, "could not start the task: " + e);
        }
        finished.offer(outcome);
    }

    private void attemptEnded(JobSpec spec, Finished f) throws SQLException {
        running.remove(f.taskKey());
        Task task = spec.task(f.taskKey()).orElseThrow();
        TaskAttempt current = runs.latestAttempts(runId).get(f.taskKey());
        long ended = now();
        record(new TaskAttempt(runId, f.taskKey(), current.attempt(), current.generation(), LifeCycleState.TERMINATED,
                f.result(), f.message(), current.startedAt(), ended, null, current.pid(), current.pidStartedAt(),
                f.exitCode(), current.outputPath(), current.logPath()));
        ServiceLog.info("run %d task %s attempt %d: %s%s", runId, f.taskKey(), current.attempt(), f.result(),
                f.message() == null ? "" : " (" + f.message() + ")");
        retryIfAllowed(task, latest.get(f.taskKey()), ended);
    }

    /** Schedules the next attempt when the result and the task's retry settings allow it. */
    void retryIfAllowed(Task task, TaskAttempt ended, long now) throws SQLException {
        boolean retryable = ended.resultState() == ResultState.FAILED
                || (ended.resultState() == ResultState.TIMEDOUT && task.retryOnTimeoutOrDefault());
        int used = attemptsThisGeneration.getOrDefault(task.taskKey(), 1);
        if (!retryable || stopReason != null || used > task.maxRetriesOrDefault()) {
            return;
        }
        long notBefore = now + task.retryDelay(used).toMillis();
        TaskAttempt next = new TaskAttempt(runId, task.taskKey(), ended.attempt() + 1, ended.generation(),
                LifeCycleState.WAITING_FOR_RETRY, null, "retry " + used + " of " + task.maxRetriesOrDefault(),
                null, null, notBefore, null, null, null, null, null);
        runs.insertAttempt(next);
        latest.put(task.taskKey(), next);
        attemptsThisGeneration.merge(task.taskKey(), 1, Integer::sum);
    }

    private void stop(ResultState reason) throws SQLException {
        stopReason = reason;
        ServiceLog.info("run %d: %s, stopping its tasks", runId, reason == ResultState.CANCELED ? "canceled" : "timed out");
        running.values().forEach(h -> h.kill(reason));
        for (TaskAttempt attempt : new ArrayList<>(latest.values())) {
            boolean notStarted = attempt.lifeCycleState() == LifeCycleState.PENDING
                    || attempt.lifeCycleState() == LifeCycleState.WAITING_FOR_RETRY;
            if (notStarted) {
                record(attempt.withState(LifeCycleState.TERMINATED, ResultState.CANCELED,
                        reason == ResultState.CANCELED ? "run canceled" : "run timed out"));
            }
        }
    }

    private void complete(RunRecord run) throws SQLException {
        ResultState result;
        String message = null;
        if (stopReason != null) {
            result = stopReason;
            message = stopReason == ResultState.CANCELED ? "canceled" : "run timed out after " + run.spec().timeoutSeconds() + " s";
        } else {
            List<String> failed = new ArrayList<>();
            latest.values().stream().filter(a -> a.resultState() != null && a.resultState().isFailure())
                    .forEach(a -> failed.add(a.taskKey() + " " + a.resultState()
                            + (a.stateMessage() == null || a.resultState() == ResultState.UPSTREAM_FAILED ? "" : ": " + a.stateMessage())));
            result = failed.isEmpty() ? ResultState.SUCCESS : ResultState.FAILED;
            message = failed.isEmpty() ? null : String.join("; ", failed);
        }
        runs.finish(runId, LifeCycleState.TERMINATED, result, message, now());
        ServiceLog.info("run %d of job %d: %s", runId, run.jobId(), result);
        engine.notify(run, result == ResultState.SUCCESS ? "on_success" : "on_failure", result);
    }

    private void record(TaskAttempt attempt) throws SQLException {
        runs.updateAttempt(attempt);
        latest.put(attempt.taskKey(), attempt);
    }

    private boolean hasWaitingTasks() {
        return latest.values().stream().anyMatch(a -> a.lifeCycleState() == LifeCycleState.WAITING_FOR_RETRY);
    }

    private long nextRetryAt() {
        return latest.values().stream().filter(a -> a.lifeCycleState() == LifeCycleState.WAITING_FOR_RETRY)
                .mapToLong(TaskAttempt::notBefore).min().orElse(Long.MAX_VALUE);
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
