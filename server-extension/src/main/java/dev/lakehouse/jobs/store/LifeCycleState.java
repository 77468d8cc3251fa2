package dev.lakehouse.jobs.store;

/** Where a run or a task attempt is in its life (Databricks' names, plus WAITING_FOR_RETRY for tasks). */
public enum LifeCycleState {
    QUEUED, PENDING, RUNNING, WAITING_FOR_RETRY, TERMINATED, SKIPPED, INTERNAL_ERROR;

    /** Still has work ahead of it: a run or task in one of these states is not finished. */
    public boolean isActive() {
        return this == PENDING || this == RUNNING || this == WAITING_FOR_RETRY || this == QUEUED;
    }
}
