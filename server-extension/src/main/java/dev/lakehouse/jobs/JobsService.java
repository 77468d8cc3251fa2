package dev.lakehouse.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.export.spec.JobSpec;
import dev.lakehouse.export.spec.PauseStatus;
import dev.lakehouse.export.spec.Schedule;
import dev.lakehouse.jobs.api.ApiServer;
import dev.lakehouse.jobs.api.ApiToken;
import dev.lakehouse.jobs.api.JobsApi;
import dev.lakehouse.jobs.api.Route;
import dev.lakehouse.jobs.engine.RunEngine;
import dev.lakehouse.jobs.engine.TaskLauncher;
import dev.lakehouse.jobs.engine.Webhooks;
import dev.lakehouse.jobs.schedule.CatchUp;
import dev.lakehouse.jobs.schedule.JobScheduler;
import dev.lakehouse.jobs.store.Database;
import dev.lakehouse.jobs.store.JobRecord;
import dev.lakehouse.jobs.store.JobRepository;
import dev.lakehouse.jobs.store.RunRepository;
import dev.lakehouse.jobs.store.RunRepository.RunRequest;
import dev.lakehouse.jobs.store.SchemaInstaller;
import dev.lakehouse.jobs.store.TriggerType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One jobs service instance: database, scheduler, run engine and HTTP API, started in the order
 * crash safety needs: recover interrupted runs, catch up missed fires, then fire on schedule.
 */
public final class JobsService implements AutoCloseable {
    /** Fires at most this long before start-up are left to Quartz as late fires, not treated as missed. */
    static final long LATE_FIRE_GRACE_MILLIS = 2000;

    private final JobsConfig config;
    private final Database database;
    private final JobRepository jobs;
    private final RunEngine engine;
    private final JobScheduler scheduler;
    private final ApiServer server;
    private final List<Route> routes;
    private final AtomicLong duplicateFires = new AtomicLong();
    private final long bootTime = System.currentTimeMillis();
    private int port;

    private JobsService(JobsConfig config) throws Exception {
        this.config = config;
        ServiceLog.info("jobs service %s starting (state in %s)", config.instanceId(), config.stateDirectory());
        Files.createDirectories(config.stateDirectory());
        int killed = TaskLauncher.killLeftovers(config.stateDirectory().resolve("runs"));
        if (killed > 0) {
            ServiceLog.info("killed %d task process(es) left running by a stopped service", killed);
        }
        ApiToken token = ApiToken.loadOrCreate(config.tokenFile());
        this.database = Database.open(config.effectiveDatabaseUrl(), config.databaseUser(), config.databasePassword());
        RunEngine startedEngine = null;
        try {
            ServiceLog.info("database %s (%s)", Database.redact(database.url()), config.clustered() ? "clustered" : "single instance");
            SchemaInstaller.install(database);
            this.jobs = new JobRepository(database);
            RunRepository runs = new RunRepository(database);
            NotebookRoot root = new NotebookRoot(config.notebookRoot());
            TaskLauncher launcher = new TaskLauncher(config.task(), root, config.stateDirectory().resolve("runs"));
            this.engine = new RunEngine(runs, launcher, new Webhooks(), config.instanceId());
            startedEngine = engine;
            // Catch-up is decided and recorded first, before recovered runs start task JVMs that would compete
            // with it for the machine; then the engine executes both. Neither needs the scheduler or the API.
            catchUpMissedFires();
            engine.start();
            this.scheduler = new JobScheduler(database, config.instanceId(), config.clustered(), this::onFire);
            JobCatalog catalog = new JobCatalog(jobs, runs, scheduler, engine, root);
            JobsApi api = new JobsApi(catalog, runs, engine, this::health);
            this.routes = api.routes();
            this.server = new ApiServer(routes, token);
        } catch (Exception e) {
            if (startedEngine != null) {
                startedEngine.close();
            }
            database.close();
            throw e;
        }
    }

    public static JobsService start(JobsConfig config) throws Exception {
        JobsService service = new JobsService(config);
        try {
            service.startAll();
        } catch (Exception e) {
            service.close();
            throw e;
        }
        return service;
    }

    private void startAll() throws Exception {
        for (JobRecord job : jobs.list()) {
            scheduler.apply(job);
        }
        scheduler.start();
        port = server.start(config.bindAddress(), config.port());
        writeServiceFile();
        ServiceLog.info("jobs service %s listening on %s; API token in %s; notebook root %s", config.instanceId(), url(),
                config.tokenFile().toAbsolutePath(), config.notebookRoot().toAbsolutePath());
    }

    /** For each unpaused scheduled job, the fires that came due while no service ran, per its catch-up policy. */
    private void catchUpMissedFires() throws Exception {
        long upTo = bootTime - LATE_FIRE_GRACE_MILLIS;
        for (JobRecord job : jobs.list()) {
            Schedule schedule = job.spec().schedule();
            if (schedule == null || schedule.pauseStatusOrDefault() == PauseStatus.PAUSED || job.handledThrough() >= upTo) {
                continue;
            }
            List<Long> missed = CatchUp.missedFires(schedule.quartzCronExpression(), schedule.timezoneId(),
                    job.handledThrough(), upTo, CatchUp.MAX_CATCH_UP_RUNS);
            List<Long> toRun = CatchUp.toRun(schedule.catchUpPolicyOrDefault(), missed);
            if (!missed.isEmpty()) {
                ServiceLog.info("job %d missed %d fire(s) while down; catch-up %s runs %d", job.jobId(), missed.size(),
                        schedule.catchUpPolicyOrDefault(), toRun.size());
            }
            for (long fire : toRun) {
                engine.submit(new RunRequest(job.jobId(), TriggerType.CATCH_UP, fire, Map.of(), null));
            }
            jobs.advanceHandledThrough(job.jobId(), upTo);
        }
    }

    private void onFire(long jobId, long scheduledFireTime) {
        try {
            JobRecord job = jobs.find(jobId).orElse(null);
            if (job == null || scheduledFireTime <= job.handledThrough()) {
                return;
            }
            JobSpec spec = job.spec();
            if (spec.schedule() == null || spec.schedule().pauseStatusOrDefault() == PauseStatus.PAUSED) {
                return;
            }
            if (engine.submit(new RunRequest(jobId, TriggerType.PERIODIC, scheduledFireTime, Map.of(), null)).isEmpty()) {
                duplicateFires.incrementAndGet();
                ServiceLog.info("job %d fire %d already has a run; not starting another", jobId, scheduledFireTime);
            }
        } catch (Exception e) {
            ServiceLog.warn("job %d fire %d: %s", jobId, scheduledFireTime, e);
        }
    }

    private Map<String, Object> health() {
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", "ok");
        health.put("instance_id", config.instanceId());
        health.put("clustered", config.clustered());
        health.put("active_executions", engine.activeExecutions());
        health.put("duplicate_fires_suppressed", duplicateFires.get());
        health.put("started_time", bootTime);
        return health;
    }

    private void writeServiceFile() throws IOException {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("url", url());
        info.put("pid", ProcessHandle.current().pid());
        info.put("instance_id", config.instanceId());
        info.put("token_file", config.tokenFile().toAbsolutePath().toString());
        Path file = config.stateDirectory().resolve("service.json");
        Path temporary = config.stateDirectory().resolve("service.json.tmp");
        Files.writeString(temporary, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(info),
                StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public String url() {
        String host = config.bindAddress().contains(":") ? "[" + config.bindAddress() + "]" : config.bindAddress();
        return "http://" + host + ":" + port;
    }

    public int port() {
        return port;
    }

    /** The API's route table. */
    public List<Route> routes() {
        return routes;
    }

    /** The HTTP server, to ask what it actually serves ({@link ApiServer#servedEndpoints()}). */
    public ApiServer server() {
        return server;
    }

    @Override
    public void close() {
        server.close();
        scheduler.close();
        engine.close();
        database.close();
        ServiceLog.info("jobs service %s stopped", config.instanceId());
    }
}
