package dev.lakehouse.magics.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.api.Magic;
import dev.lakehouse.magics.api.MagicContext;
import dev.lakehouse.magics.api.MagicException;
import dev.lakehouse.magics.api.MagicInvocation;
import dev.lakehouse.magics.api.MagicKind;
import dev.lakehouse.magics.cli.MagicCommandLine;
import dev.lakehouse.magics.spark.SparkSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code %job create|run|status|pause|resume|delete}: schedules the current notebook on the jobs service,
 * follows its runs and manages its schedule.
 * The notebook's tasks come from its tags (as saved on disk); its path from {@code JPY_SESSION_NAME}, which
 * Jupyter sets for the kernel, or {@code --notebook}.
 */
public final class JobMagic implements Magic {
    private static final Set<String> FINISHED = Set.of("TERMINATED", "SKIPPED", "INTERNAL_ERROR");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

    private final Map<String, String> env;
    private final Function<Map<String, String>, JobsServiceClient> clients;
    /** The job {@code %job create} made in this kernel: the default for run and status. */
    private volatile Long currentJob;

    public JobMagic() {
        this(System.getenv());
    }

    JobMagic(Map<String, String> env) {
        this.env = env;
        this.clients = e -> JobsServiceClient.locate(e, SparkSettings.dataDirectory(e).resolve("jobs"));
    }

    @Override
    public String name() {
        return "job";
    }

    @Override
    public MagicKind kind() {
        return MagicKind.LINE;
    }

    @Override
    public String summary() {
        return "Schedule this notebook as a job on the jobs service; run it; show its runs; pause, resume or delete it";
    }

    @Override
    public String help() {
        // One text for every --help (the kernel shows help() for %job create --help too): all subcommands.
        picocli.CommandLine commandLine = new MagicCommandLine(new JobCommand()).commandLine();
        StringBuilder usage = new StringBuilder(commandLine.getUsageMessage());
        commandLine.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                usage.append('\n').append(sub.getUsageMessage());
            }
        });
        return usage.toString().stripTrailing() + "\n" + """

                The job is made from the notebook as saved on disk: save it before %job create. Tasks come from
                cell tags (task=KEY, depends=A,B, setup, parameters). The service is found through
                LAKEHOUSE_JOBS_URL + LAKEHOUSE_JOBS_TOKEN(_FILE), which JupyterLab's lakehouse extension sets,
                else LAKEHOUSE_HOME/jobs/service.json. The dashboard is at /lakehouse/ in JupyterLab.""";
    }

    @Command(name = "%job", mixinStandardHelpOptions = true, description = "Jobs from this notebook.",
            subcommands = {Create.class, RunNow.class, Status.class, Pause.class, Resume.class, Delete.class})
    static final class JobCommand {
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Schedule this notebook (its tasks from tags).")
    static final class Create {
        @Option(names = "--cron", paramLabel = "QUARTZ_CRON", description = "e.g. \"0 0 2 * * ?\" (02:00 daily); omit for run-on-demand only")
        String cron;
        @Option(names = "--tz", paramLabel = "ZONE", description = "time zone of the schedule (default: UTC)")
        String timezone;
        @Option(names = "--name", paramLabel = "NAME", description = "job name (default: the notebook's name)")
        String name;
        @Option(names = "--notebook", paramLabel = "PATH", description = "another notebook (relative to the kernel's directory)")
        Path notebook;
        @Option(names = "--paused", description = "create the schedule paused")
        boolean paused;
        @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE",
                description = "default for a parameter the notebook declares in its parameters cell (repeatable)")
        Map<String, String> parameters = new LinkedHashMap<>();
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Start a run now.")
    static final class RunNow {
        @Parameters(arity = "0..1", paramLabel = "NAME|ID", description = "the job (default: this notebook's job)")
        String job;
        @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "parameter override (repeatable)")
        Map<String, String> parameters = new LinkedHashMap<>();
        @Option(names = "--wait", description = "wait until the run ends and show its tasks")
        boolean await;
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "A job and its latest runs; all jobs if none is known.")
    static final class Status {
        @Parameters(arity = "0..1", paramLabel = "NAME|ID", description = "the job (default: this notebook's job)")
        String job;
        @Option(names = "--runs", paramLabel = "N", description = "how many runs to show (default: ${DEFAULT-VALUE})")
        int runs = 5;
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause the job's schedule (runs on demand still work).")
    static final class Pause {
        @Parameters(arity = "0..1", paramLabel = "NAME|ID", description = "the job (default: this notebook's job)")
        String job;
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume the job's schedule.")
    static final class Resume {
        @Parameters(arity = "0..1", paramLabel = "NAME|ID", description = "the job (default: this notebook's job)")
        String job;
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete the job and its schedule; its active runs are cancelled, finished runs stay listed.")
    static final class Delete {
        @Parameters(arity = "0..1", paramLabel = "NAME|ID", description = "the job (default: this notebook's job)")
        String job;
    }

    @Override
    public Object run(MagicInvocation invocation, MagicContext context) throws Exception {
        MagicCommandLine commandLine = new MagicCommandLine(new JobCommand());
        MagicCommandLine.Parsed parsed = commandLine.parse(invocation.argv());
        if (parsed.help().isPresent()) {
            return DisplayData.text(help());
        }
        Object command = parsed.leafCommand();
        if (command instanceof JobCommand) {
            throw new MagicException("%job needs a subcommand: create, run, status, pause, resume or delete.\n\n"
                    + commandLine.usage());
        }
        JobsServiceClient client = clients.apply(env);
        if (command instanceof Create create) {
            return create(create, client, context);
        }
        if (command instanceof RunNow run) {
            return runNow(run, client, context);
        }
        if (command instanceof Pause pause) {
            return setPaused(findJob(pause.job, client, context), true, client);
        }
        if (command instanceof Resume resume) {
            return setPaused(findJob(resume.job, client, context), false, client);
        }
        if (command instanceof Delete delete) {
            return delete(findJob(delete.job, client, context), client);
        }
        return status((Status) command, client, context);
    }

    private Object setPaused(JsonNode job, boolean paused, JobsServiceClient client) {
        long jobId = job.path("job_id").asLong();
        if (job.path("settings").path("schedule").isMissingNode() || job.path("settings").path("schedule").isNull()) {
            throw new MagicException("Job " + jobId + " '" + job.path("settings").path("name").asText()
                    + "' has no schedule to " + (paused ? "pause" : "resume") + "; it runs on demand (%job run " + jobId + ").");
        }
        JsonNode updated = client.post("/api/jobs/" + jobId + (paused ? "/pause" : "/resume"), Map.of());
        return DisplayData.text((paused ? "Paused" : "Resumed") + " job " + jobId + " '"
                + updated.path("settings").path("name").asText() + "': schedule " + schedule(updated)
                + (paused ? ". %job run still starts a run; %job resume " + jobId + " turns the schedule back on." : "."));
    }

    private Object delete(JsonNode job, JobsServiceClient client) {
        long jobId = job.path("job_id").asLong();
        client.delete("/api/jobs/" + jobId);
        if (Long.valueOf(jobId).equals(currentJob)) {
            currentJob = null;
        }
        return DisplayData.text("Deleted job " + jobId + " '" + job.path("settings").path("name").asText()
                + "'; its schedule is gone and its active runs were cancelled.");
    }

    private Object create(Create options, JobsServiceClient client, MagicContext context) {
        String notebook = notebookForService(options.notebook, context);
        ObjectNode body = JobsServiceClient.JSON.createObjectNode();
        body.put("notebook", notebook);
        if (options.name != null) {
            body.put("name", options.name);
        }
        if (options.cron != null) {
            body.put("cron", options.cron);
            body.put("timezone", options.timezone == null ? "UTC" : options.timezone);
            if (options.paused) {
                body.put("pause_status", "PAUSED");
            }
        } else if (options.timezone != null || options.paused) {
            throw new MagicException("--tz and --paused need a schedule: add --cron \"0 0 2 * * ?\" (for example).");
        }
        if (!options.parameters.isEmpty()) {
            body.set("parameters", JobsServiceClient.JSON.valueToTree(options.parameters));
        }
        JsonNode job = client.post("/api/jobs", body);
        currentJob = job.path("job_id").asLong();
        StringBuilder text = new StringBuilder("Created job ").append(currentJob).append(" '")
                .append(job.path("settings").path("name").asText()).append("' from ").append(notebook).append('\n');
        text.append("  tasks:    ").append(tasks(job.path("settings").path("tasks"))).append('\n');
        text.append("  schedule: ").append(schedule(job)).append('\n');
        text.append("Run it now with %job run; follow it with %job status or in the dashboard (/lakehouse/).");
        return DisplayData.text(text.toString());
    }

    private Object runNow(RunNow options, JobsServiceClient client, MagicContext context) throws InterruptedException {
        JsonNode job = findJob(options.job, client, context);
        long jobId = job.path("job_id").asLong();
        ObjectNode body = JobsServiceClient.JSON.createObjectNode();
        body.set("parameters", JobsServiceClient.JSON.valueToTree(options.parameters));
        JsonNode answer = client.post("/api/jobs/" + jobId + "/run-now", body);
        long runId = answer.path("run_id").asLong();
        String started = "Started run " + runId + " of job " + jobId + " '" + job.path("settings").path("name").asText() + "'";
        if (!options.await) {
            return DisplayData.text(started + ". Follow it with %job status " + jobId + ".");
        }
        context.out().println(started + "; waiting for it to end (interrupt the cell to stop waiting).");
        JsonNode run = client.get("/api/runs/" + runId);
        while (!FINISHED.contains(run.path("state").path("life_cycle_state").asText())) {
            Thread.sleep(1000);
            run = client.get("/api/runs/" + runId);
        }
        return DisplayData.text(describeRun(run));
    }

    private Object status(Status options, JobsServiceClient client, MagicContext context) {
        JsonNode job = options.job == null && currentJob == null ? notebookJob(client, context) : findJob(options.job, client, context);
        if (job == null) {
            return DisplayData.text(jobList(client.get("/api/jobs").path("jobs")));
        }
        long jobId = job.path("job_id").asLong();
        StringBuilder text = new StringBuilder("Job ").append(jobId).append(" '").append(job.path("settings").path("name").asText())
                .append("'\n  tasks:    ").append(tasks(job.path("settings").path("tasks")))
                .append("\n  schedule: ").append(schedule(job)).append('\n');
        JsonNode runs = client.get("/api/runs?job_id=" + jobId + "&limit=" + Math.max(1, Math.min(options.runs, 100))).path("runs");
        if (runs.isEmpty()) {
            text.append("No runs yet: %job run ").append(jobId);
        }
        for (JsonNode summary : runs) {
            text.append(describeRun(client.get("/api/runs/" + summary.path("run_id").asLong()))).append('\n');
        }
        return DisplayData.text(text.toString().stripTrailing());
    }

    // ---- finding the job

    private JsonNode findJob(String nameOrId, JobsServiceClient client, MagicContext context) {
        if (nameOrId == null) {
            if (currentJob != null) {
                return client.get("/api/jobs/" + currentJob);
            }
            JsonNode job = notebookJob(client, context);
            if (job == null) {
                throw new MagicException("Which job? This notebook has none yet: create one with %job create --cron \"...\","
                        + " or name a job: %job run NAME|ID (see %job status for the list).");
            }
            return job;
        }
        if (nameOrId.matches("\\d+")) {
            return client.get("/api/jobs/" + nameOrId);
        }
        List<JsonNode> named = new ArrayList<>();
        client.get("/api/jobs").path("jobs").forEach(j -> {
            if (j.path("settings").path("name").asText().equals(nameOrId)) {
                named.add(j);
            }
        });
        if (named.isEmpty()) {
            throw new MagicException("No job named '" + nameOrId + "'. %job status lists the jobs.");
        }
        if (named.size() > 1) {
            List<String> ids = named.stream().map(j -> j.path("job_id").asText()).toList();
            throw new MagicException("Several jobs are named '" + nameOrId + "' (ids " + String.join(", ", ids) + "); give the id.");
        }
        return named.get(0);
    }

    /** The newest job whose tasks use this notebook, or null (also when the notebook is unknown). */
    private JsonNode notebookJob(JobsServiceClient client, MagicContext context) {
        Path notebook = context.notebookPath().orElse(null);
        if (notebook == null) {
            return null;
        }
        String path = notebook.toString().replace('\\', '/');
        JsonNode newest = null;
        for (JsonNode job : client.get("/api/jobs").path("jobs")) {
            for (JsonNode task : job.path("settings").path("tasks")) {
                String taskNotebook = task.path("notebook_task").path("notebook_path").asText("");
                if (!taskNotebook.isEmpty() && (path.equals(taskNotebook) || path.endsWith("/" + taskNotebook))) {
                    if (newest == null || job.path("job_id").asLong() > newest.path("job_id").asLong()) {
                        newest = job;
                    }
                }
            }
        }
        return newest;
    }

    /**
     * The path to send: {@code --notebook} resolved against the kernel's directory; otherwise Jupyter's session
     * path (absolute, or relative to Jupyter's root, which is the service's notebook root when the extension
     * started it).
     */
    private static String notebookForService(Path option, MagicContext context) {
        Path notebook;
        if (option != null) {
            notebook = option.toAbsolutePath().normalize();
        } else {
            notebook = context.notebookPath().orElseThrow(() -> new MagicException(
                    "This kernel does not know its notebook (Jupyter sets JPY_SESSION_NAME for kernels it starts);"
                            + " name it: %job create --notebook PATH --cron \"...\""));
        }
        if (notebook.isAbsolute() && !Files.isRegularFile(notebook)) {
            throw new MagicException("No notebook at " + notebook + ". Save the notebook first, or give --notebook PATH.");
        }
        return notebook.toString();
    }

    // ---- text

    private static String tasks(JsonNode tasks) {
        List<String> parts = new ArrayList<>();
        for (JsonNode task : tasks) {
            List<String> depends = new ArrayList<>();
            task.path("depends_on").forEach(d -> depends.add(d.path("task_key").asText()));
            parts.add(task.path("task_key").asText() + (depends.isEmpty() ? "" : " (after " + String.join(", ", depends) + ")"));
        }
        return parts.isEmpty() ? "(none)" : String.join(", ", parts);
    }

    private static String schedule(JsonNode job) {
        JsonNode schedule = job.path("settings").path("schedule");
        if (schedule.isMissingNode() || schedule.isNull()) {
            return "none (runs on demand)";
        }
        String text = schedule.path("quartz_cron_expression").asText() + " (" + schedule.path("timezone_id").asText("UTC") + ")";
        if (job.path("paused").asBoolean()) {
            return text + ", paused";
        }
        return job.hasNonNull("next_fire_time") ? text + ", next fire " + time(job.get("next_fire_time").asLong()) : text;
    }

    private static String describeRun(JsonNode run) {
        JsonNode state = run.path("state");
        StringBuilder text = new StringBuilder("Run ").append(run.path("run_id").asLong()).append(" (")
                .append(run.path("trigger").asText()).append("): ").append(state.path("life_cycle_state").asText());
        if (state.hasNonNull("result_state")) {
            text.append(' ').append(state.get("result_state").asText());
        }
        if (run.hasNonNull("start_time")) {
            text.append(", started ").append(time(run.get("start_time").asLong()));
        }
        if (state.hasNonNull("state_message")) {
            text.append(" — ").append(state.get("state_message").asText());
        }
        for (JsonNode task : run.path("tasks")) {
            JsonNode taskState = task.path("state");
            text.append("\n    ").append(task.path("task_key").asText()).append(": ")
                    .append(taskState.path("life_cycle_state").asText("PENDING"));
            if (taskState.hasNonNull("result_state")) {
                text.append(' ').append(taskState.get("result_state").asText());
            }
            if (task.hasNonNull("start_time") && task.hasNonNull("end_time")) {
                text.append(String.format(" (%.1f s)", (task.get("end_time").asLong() - task.get("start_time").asLong()) / 1000.0));
            }
        }
        return text.toString();
    }

    private static String jobList(JsonNode jobs) {
        if (jobs.isEmpty()) {
            return "No jobs yet. Create one from this notebook: %job create --cron \"0 0 2 * * ?\"";
        }
        StringBuilder text = new StringBuilder("Jobs (none is this notebook's; %job status NAME|ID for one):\n");
        for (JsonNode job : jobs) {
            text.append(String.format("  %4d  %-30s %s%n", job.path("job_id").asLong(), job.path("settings").path("name").asText(),
                    schedule(job)));
        }
        return text.toString().stripTrailing();
    }

    private static String time(long epochMillis) {
        return TIME.format(Instant.ofEpochMilli(epochMillis).atZone(ZoneId.systemDefault()));
    }
}
