package dev.lakehouse.jobs.schedule;

import dev.lakehouse.jobs.ServiceLog;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;

/** The Quartz job behind every cron trigger: hands the fire to the service's {@link FireHandler}. */
public final class FireJob implements Job {
    static final String HANDLER = "lakehouse.fireHandler";
    static final String JOB_ID = "job_id";

    @Override
    public void execute(JobExecutionContext context) {
        long jobId = context.getMergedJobDataMap().getLong(JOB_ID);
        try {
            FireHandler handler = (FireHandler) context.getScheduler().getContext().get(HANDLER);
            handler.fire(jobId, context.getScheduledFireTime().getTime());
        } catch (SchedulerException | RuntimeException e) {
            ServiceLog.warn("fire of job %d at %s failed: %s", jobId, context.getScheduledFireTime().toInstant(), e);
        }
    }
}
