package dev.lakehouse.jobs.schedule;

import dev.lakehouse.export.spec.PauseStatus;
import dev.lakehouse.export.spec.Schedule;
import dev.lakehouse.jobs.store.Database;
import dev.lakehouse.jobs.store.JobRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Quartz on our database (JDBC job store; clustered on PostgreSQL): one durable Quartz job and one
 * cron trigger per scheduled job. Missed fires are skipped by Quartz (do-nothing misfires) because
 * catch-up is ours ({@link CatchUp}); the trigger's pause state follows the spec's pause_status.
 */
public final class JobScheduler implements AutoCloseable {
    private static final String GROUP = "lakehouse";
    public static final String SCHEDULER_NAME = "lakehouse-jobs";

    private final Scheduler scheduler;

    public JobScheduler(Database database, String instanceId, boolean clustered, FireHandler handler) throws SchedulerException {
        String dataSourceName = "lakehouse-" + instanceId;
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return database.connection();
            }

            @Override
            public void shutdown() {
                // The service closes the pool.
            }

            @Override
            public void initialize() {
                // The pool is ready.
            }
        });
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", SCHEDULER_NAME);
        p.setProperty("org.quartz.scheduler.instanceId", instanceId);
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.threadCount", "4");
        // Jobs due at the same instant (every "0 0 * * * ?" cron) are acquired and fired together, not one
        // database round trip after another.
        p.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", "4");
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        p.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", database.dialect().quartzDelegate);
        p.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.misfireThreshold", "10000");
        p.setProperty("org.quartz.jobStore.isClustered", Boolean.toString(clustered));
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", "2000");
        // Row locks around trigger acquisition in every mode: with clustering they give one fire per cluster.
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        StdSchedulerFactory factory = new StdSchedulerFactory(p);
        this.scheduler = factory.getScheduler();
        scheduler.getContext().put(FireJob.HANDLER, handler);
    }

    public void start() throws SchedulerException {
        scheduler.start();
    }

    /** Creates, replaces or removes the job's trigger to match its spec. */
    public void apply(JobRecord job) throws SchedulerException {
        Schedule schedule = job.spec().schedule();
        if (schedule == null) {
            unschedule(job.jobId());
            return;
        }
        TriggerKey key = triggerKey(job.jobId());
        Trigger existing = scheduler.getTrigger(key);
        String zone = schedule.timezoneId() == null ? "UTC" : schedule.timezoneId();
        boolean same = existing instanceof CronTrigger cron
                && cron.getCronExpression().equals(schedule.quartzCronExpression())
                && cron.getTimeZone().getID().equals(TimeZone.getTimeZone(zone).getID());
        if (!same) {
            JobDetail detail = JobBuilder.newJob(FireJob.class).withIdentity(jobKey(job.jobId()))
                    .usingJobData(FireJob.JOB_ID, job.jobId()).storeDurably().build();
            Trigger trigger = TriggerBuilder.newTrigger().withIdentity(key).forJob(detail)
                    .withSchedule(CronScheduleBuilder.cronSchedule(schedule.quartzCronExpression())
                            .inTimeZone(TimeZone.getTimeZone(zone))
                            .withMisfireHandlingInstructionDoNothing())
                    .startAt(new Date())
                    .build();
            scheduler.scheduleJob(detail, java.util.Set.of(trigger), true);
        }
        boolean paused = scheduler.getTriggerState(key) == Trigger.TriggerState.PAUSED;
        boolean wantPaused = schedule.pauseStatusOrDefault() == PauseStatus.PAUSED;
        if (wantPaused && !paused) {
            scheduler.pauseTrigger(key);
        } else if (!wantPaused && paused) {
            scheduler.resumeTrigger(key);
        }
    }

    public void unschedule(long jobId) throws SchedulerException {
        scheduler.deleteJob(jobKey(jobId));
    }

    public Optional<Long> nextFireTime(long jobId) throws SchedulerException {
        Trigger trigger = scheduler.getTrigger(triggerKey(jobId));
        if (trigger == null || scheduler.getTriggerState(trigger.getKey()) == Trigger.TriggerState.PAUSED) {
            return Optional.empty();
        }
        return Optional.ofNullable(trigger.getNextFireTime()).map(Date::getTime);
    }

    private static JobKey jobKey(long jobId) {
        return new JobKey("job-" + jobId, GROUP);
    }

    private static TriggerKey triggerKey(long jobId) {
        return new TriggerKey("cron-" + jobId, GROUP);
    }

    @Override
    public void close() {
        try {
            // A fire in progress only records a run: let it finish rather than fail against a closed job store.
            scheduler.shutdown(true);
        } catch (SchedulerException e) {
            // Shutting down anyway.
        }
    }
}
