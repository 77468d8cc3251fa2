package dev.lakehouse.jobs.store;

/**
 * One attempt of one task in a run. Attempts are numbered from 1 across retries and repairs;
 * {@code generation} is the repair count the attempt belongs to (retries are counted per generation).
 */
public record TaskAttempt(long runId, String taskKey, int attempt, int generation, LifeCycleState lifeCycleState,
                          ResultState resultState, String stateMessage, Long startedAt, Long endedAt, Long notBefore,
                          Long pid, Long pidStartedAt, Integer exitCode, String outputPath, String logPath) {

    public TaskAttempt withState(LifeCycleState life, ResultState result, String message) {
        return new TaskAttempt(runId, taskKey, attempt, generation, life, result, message, startedAt, endedAt, notBefore,
                pid, pidStartedAt, exitCode, outputPath, logPath);
    }

    public boolean isFinished() {
        return !lifeCycleState.isActive();
    }
}
