package dev.lakehouse.jobs.store;

/** How a finished run or task ended. */
public enum ResultState {
    SUCCESS, FAILED, TIMEDOUT, CANCELED, UPSTREAM_FAILED, SKIPPED;

    /** Counts as a failure for run_if and for the run's result. */
    public boolean isFailure() {
        return this == FAILED || this == TIMEDOUT || this == UPSTREAM_FAILED || this == CANCELED;
    }
}
