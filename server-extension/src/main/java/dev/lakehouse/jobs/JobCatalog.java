package dev.lakehouse.jobs;

import dev.lakehouse.export.exporter.ExportOptions;
import dev.lakehouse.export.exporter.JobExporter;
import dev.lakehouse.export.spec.JobSpec;
import dev.lakehouse.export.spec.PauseStatus;
import dev.lakehouse.export.spec.Schedule;
import dev.lakehouse.export.spec.Task;
import dev.lakehouse.jobs.api.ApiError;
import dev.lakehouse.jobs.engine.RunEngine;
import dev.lakehouse.jobs.schedule.JobScheduler;
import dev.lakehouse.jobs.store.JobRecord;
import dev.lakehouse.jobs.store.JobRepository;
import dev.lakehouse.jobs.store.RunRecord;
import dev.lakehouse.jobs.store.RunRepository;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.quartz.SchedulerException;

/** Jobs as the API sees them: stored specs kept in step with their Quartz triggers. */
public final class JobCatalog {
    private final JobRepository jobs;
    private final RunRepository runs;
    private final JobScheduler scheduler;
    private final RunEngine engine;
    private final NotebookRoot root;

    public JobCatalog(JobRepository jobs, RunRepository runs, JobScheduler scheduler, RunEngine engine, NotebookRoot root) {
        this.jobs = jobs;
        this.runs = runs;
        this.scheduler = scheduler;
        this.engine = engine;
        this.root = root;
    }

    public NotebookRoot root() {
        return root;
    }

    public JobRecord create(JobSpec spec) throws SQLException, SchedulerException {
        checkNotebooks(spec);
        JobRecord job = jobs.insert(spec, System.currentTimeMillis());
        scheduler.apply(job);
        ServiceLog.info("job %d (%s) created%s", job.jobId(), spec.name(),
                spec.schedule() == null ? "" : ", cron " + spec.schedule().quartzCronExpression());
        return job;
    }

    /** Exports notebooks (paths absolute or relative to the notebook root) into a job spec with the exporter. */
    public JobSpec export(List<String> notebooks, ExportOptions.Builder options) {
        if (notebooks.isEmpty()) {
            throw ApiError.badRequest("no notebook given");
        }
        List<Path> paths = new ArrayList<>();
        for (String notebook : notebooks) {
            paths.add(resolve(notebook));
        }
        return JobExporter.export(paths, options.baseDir(root.path()).build());
    }

    public JobRecord update(long jobId, JobSpec spec) throws SQLException, SchedulerException {
        JobRecord old = find(jobId);
        checkNotebooks(spec);
        boolean scheduleChanged = !Objects.equals(cronOf(old.spec()), cronOf(spec))
                || (isPaused(old.spec()) && !isPaused(spec));
        jobs.update(jobId, spec, System.currentTimeMillis(), scheduleChanged);
        JobRecord updated = find(jobId);
        scheduler.apply(updated);
        ServiceLog.info("job %d updated", jobId);
        return updated;
    }

    public void delete(long jobId) throws SQLException, SchedulerException {
        find(jobId);
        scheduler.unschedule(jobId);
        jobs.delete(jobId);
        for (RunRecord run : runs.list(jobId, true, 1000, 0)) {
            engine.cancel(run.runId());
        }
        ServiceLog.info("job %d deleted", jobId);
    }

    /** Pauses or resumes the schedule; fires that came due while paused are not caught up. */
    public JobRecord setPaused(long jobId, boolean paused) throws SQLException, SchedulerException {
        JobRecord job = find(jobId);
        Schedule schedule = job.spec().schedule();
        if (schedule == null) {
            throw ApiError.conflict("job " + jobId + " has no schedule to " + (paused ? "pause" : "resume"));
        }
        Schedule changed = new Schedule(schedule.quartzCronExpression(), schedule.timezoneId(),
                paused ? PauseStatus.PAUSED : PauseStatus.UNPAUSED, schedule.catchUpPolicy());
        return update(jobId, job.spec().toBuilder().schedule(changed).build());
    }

    public JobRecord find(long jobId) throws SQLException {
        return jobs.find(jobId).orElseThrow(() -> ApiError.notFound("no job " + jobId));
    }

    public List<JobRecord> list() throws SQLException {
        return jobs.list();
    }

    public Optional<Long> nextFireTime(long jobId) {
        try {
            return scheduler.nextFireTime(jobId);
        } catch (SchedulerException e) {
            return Optional.empty();
        }
    }

    private Path resolve(String notebook) {
        try {
            return root.resolve(notebook);
        } catch (NotebookRoot.OutsideRootException e) {
            throw new ApiError(403, "PERMISSION_DENIED", e.getMessage());
        }
    }

    private void checkNotebooks(JobSpec spec) {
        if (spec.tasks() == null || spec.tasks().isEmpty()) {
            throw ApiError.badRequest("a job needs at least one task");
        }
        for (Task task : spec.tasks()) {
            if (task.notebookTask() == null || task.notebookTask().notebookPath() == null) {
                throw ApiError.badRequest("task " + task.taskKey() + " has no notebook_task.notebook_path");
            }
            resolve(task.notebookTask().notebookPath());
        }
    }

    private static String cronOf(JobSpec spec) {
        return spec.schedule() == null ? null : spec.schedule().quartzCronExpression() + " " + spec.schedule().timezoneId();
    }

    private static boolean isPaused(JobSpec spec) {
        return spec.schedule() != null && spec.schedule().pauseStatusOrDefault() == PauseStatus.PAUSED;
    }
}
