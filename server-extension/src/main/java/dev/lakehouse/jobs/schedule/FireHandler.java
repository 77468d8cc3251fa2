package dev.lakehouse.jobs.schedule;

/** Receives the schedule's fires: a job's cron came due at {@code scheduledFireTime} (epoch ms). */
@FunctionalInterface
public interface FireHandler {
    void fire(long jobId, long scheduledFireTime);
}
