package dev.lakehouse.jobs.store;

import dev.lakehouse.export.spec.JobSpec;

/**
 * A stored job. {@code handledThrough}: every scheduled fire at or before this instant (epoch ms) has
 * been dealt with (run, skipped, or deliberately not caught up); later ones are still due.
 */
public record JobRecord(long jobId, JobSpec spec, long createdAt, long updatedAt, long handledThrough) {
    public String name() {
        return spec.name();
    }
}
