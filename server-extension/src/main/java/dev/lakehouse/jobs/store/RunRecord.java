package dev.lakehouse.jobs.store;

import dev.lakehouse.export.spec.JobSpec;
import java.util.Map;

/** One run of a job, with the spec it was started with (later edits to the job do not change it). */
public record RunRecord(long runId, long jobId, JobSpec spec, Map<String, String> parameters, TriggerType trigger,
                        Long scheduledFireTime, String idempotencyToken, LifeCycleState lifeCycleState,
                        ResultState resultState, String stateMessage, String owner, boolean cancelRequested,
                        int repairCount, long createdAt, Long startedAt, Long endedAt) {}
