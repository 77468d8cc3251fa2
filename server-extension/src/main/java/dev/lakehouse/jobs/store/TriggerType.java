package dev.lakehouse.jobs.store;

/** What started a run: its cron schedule, a run-now request, or catch-up for a fire missed while down. */
public enum TriggerType {
    PERIODIC, ONE_TIME, CATCH_UP
}
