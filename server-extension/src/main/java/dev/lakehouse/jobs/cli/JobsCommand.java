package dev.lakehouse.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.jobs.client.JobsClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lakehouse jobs ...}: run the service, and manage jobs through it. */
@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = "The jobs service and its jobs: serve, create, list, get, pause, resume, run, delete.",
        footer = {"", "Start the service once (`lakehouse jobs serve`); the other commands find it through",
                "LAKEHOUSE_JOBS_URL or the service.json it writes under DATA_DIR/jobs, and read its token file.",
                "Each command answers --help. Examples:",
                "  lakehouse jobs serve --notebook-root notebooks &",
                "  lakehouse jobs create --from notebooks/jobs/diamond.ipynb --cron \"0 0 2 * * ?\" --tz Europe/Paris",
                "  lakehouse jobs list",
                "  lakehouse jobs run 1 -p runDate=2024-06-01",
                "  lakehouse runs list --job 1"},
        subcommands = {ServeCommand.class, JobsCommand.Create.class, JobsCommand.ListJobs.class, JobsCommand.Get.class,
                JobsCommand.Pause.class, JobsCommand.Resume.class, JobsCommand.RunNow.class, JobsCommand.Delete.class})
public final class JobsCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Client commands: 0 done, 1 the service refused or failed, 2 cannot reach it. */
    abstract static class ClientCommand implements Callable<Integer> {
        @Mixin
        ServiceOptions service;

        @Override
        public final Integer call() throws Exception {
            try {
                return call(service.client(), System.out);
            } catch (JobsClient.ApiException e) {
                System.err.println("error (" + e.status() + "): " + e.getMessage());
                return 1;
            } catch (IOException e) {
                System.err.println("error: " + e.getMessage());
                return 2;
            }
        }

        abstract int call(JobsClient client, PrintStream out) throws Exception;

        void print(PrintStream out, JsonNode job) throws Exception {
            if (service.json) {
                Printing.json(out, job);
                return;
            }
            JsonNode settings = job.path("settings");
            out.printf("job %d: %s%n", job.path("job_id").asLong(), settings.path("name").asText());
            JsonNode schedule = settings.path("schedule");
            if (!schedule.isMissingNode()) {
                out.printf("  schedule: %s (%s), catch-up %s%s%n", schedule.path("quartz_cron_expression").asText(),
                        schedule.path("timezone_id").asText("UTC"), schedule.path("catch_up_policy").asText("LATEST"),
                        job.path("paused").asBoolean() ? ", PAUSED" : ", next " + Printing.time(job.get("next_fire_time")));
            }
            for (JsonNode task : settings.path("tasks")) {
                List<String> deps = new ArrayList<>();
                task.path("depends_on").forEach(d -> deps.add(d.path("task_key").asText()));
                out.printf("  task %s%s: %s%n", task.path("task_key").asText(),
                        deps.isEmpty() ? "" : " (after " + String.join(", ", deps) + ")",
                        task.path("notebook_task").path("notebook_path").asText());
            }
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a job from notebooks (tasks from their tags) or from a job spec file.",
            footer = {"", "Examples:", "  lakehouse jobs create --from notebooks/jobs/diamond.ipynb --cron \"0 0 2 * * ?\" --tz Europe/Paris",
                    "  lakehouse jobs create --spec job.json"})
    static final class Create extends ClientCommand {
        @Option(names = "--from", paramLabel = "NOTEBOOK", description = "notebook(s) under the service's notebook root (repeatable)")
        List<Path> notebooks = new ArrayList<>();

        @Option(names = "--spec", paramLabel = "JOB.json", description = "a job spec (see `lakehouse export`)")
        Path spec;

        @Option(names = "--cron", paramLabel = "QUARTZ_CRON", description = "Quartz cron, e.g. \"0 0/15 * * * ?\"")
        String cron;

        @Option(names = "--tz", paramLabel = "ZONE", description = "time zone of the cron (default UTC)")
        String timezone;

        @Option(names = "--name", paramLabel = "NAME", description = "job name (default: the notebook's file name)")
        String name;

        @Option(names = "--catch-up", paramLabel = "POLICY", description = "missed fires while down: NONE, LATEST (default), ALL")
        String catchUp;

        @Option(names = "--max-concurrent-runs", paramLabel = "N",
                description = "runs of this job at once (default 1); a fire beyond it is skipped")
        Integer maxConcurrentRuns;

        @Option(names = "--spark-master", paramLabel = "MASTER", description = "default local[*]; spark://HOST:PORT for a cluster")
        String sparkMaster;

        @Option(names = "--paused", description = "create the schedule paused")
        boolean paused;

        @Override
        int call(JobsClient client, PrintStream out) throws Exception {
            ObjectNode body = JSON.createObjectNode();
            if (spec != null) {
                if (!notebooks.isEmpty()) {
                    throw new JobsClient.ApiException(2, "give either --from or --spec, not both");
                }
                body.set("spec", JSON.readTree(Files.readString(spec)));
            } else if (notebooks.isEmpty()) {
                throw new JobsClient.ApiException(2, "give --from NOTEBOOK or --spec JOB.json");
            } else {
                notebooks.forEach(n -> body.withArray("notebooks").add(n.toAbsolutePath().normalize().toString()));
                putIfSet(body, "cron", cron);
                putIfSet(body, "timezone", timezone);
                putIfSet(body, "name", name);
                putIfSet(body, "catch_up_policy", catchUp == null ? null : catchUp.toUpperCase(java.util.Locale.ROOT));
                putIfSet(body, "spark_master", sparkMaster);
                putIfSet(body, "pause_status", paused ? "PAUSED" : null);
                if (maxConcurrentRuns != null) {
                    body.put("max_concurrent_runs", maxConcurrentRuns);
                }
            }
            JsonNode job = client.post("/api/jobs", body);
            print(out, job);
            return 0;
        }

        private static void putIfSet(ObjectNode body, String field, String value) {
            if (value != null) {
                body.put(field, value);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List jobs with their schedules.",
            footer = {"", "Examples:", "  lakehouse jobs list", "  lakehouse jobs list --json"})
    static final class ListJobs extends ClientCommand {
        @Override
        int call(JobsClient client, PrintStream out) throws Exception {
            JsonNode answer = client.get("/api/jobs");
            if (service.json) {
                Printing.json(out, answer);
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode job : answer.path("jobs")) {
                JsonNode schedule = job.path("settings").path("schedule");
                rows.add(List.of(job.path("job_id").asText(), job.path("settings").path("name").asText(),
                        schedule.isMissingNode() ? "-" : schedule.path("quartz_cron_expression").asText()
                                + " " + schedule.path("timezone_id").asText("UTC"),
                        job.path("paused").asBoolean() ? "PAUSED" : Printing.time(job.get("next_fire_time")),
                        Integer.toString(job.path("settings").path("tasks").size())));
            }
            Printing.table(out, List.of("JOB", "NAME", "SCHEDULE", "NEXT FIRE", "TASKS"), rows);
            return 0;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one job: schedule, next fire, tasks.",
            footer = {"", "Example:", "  lakehouse jobs get 1 --json"})
    static final class Get extends ClientCommand {
        @Parameters(paramLabel = "JOB_ID", description = "the job's id, as `lakehouse jobs list` shows it")
        long jobId;

        @Override
        int call(JobsClient client, PrintStream out) throws Exception {
            print(out, client.get("/api/jobs/" + jobId));
            return 0;
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Pause a job's schedule (run-now still works).", footer = {"", "Example:", "  lakehouse jobs pause 1"})
    static final class Pause extends ClientCommand {
        @Parameters(paramLabel = "JOB_ID", description = "the job's id, as `lakehouse jobs list` shows it")
        long jobId;

        @Override
        int call(JobsClient client, PrintStream out) throws Exception {
            print(out, client.post("/api/jobs/" + jobId + "/pause", null));
            return 0;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Resume a job's schedule (fires that came due while paused are not caught up).",
            footer = {"", "Example:", "  lakehouse jobs resume 1"})
    static final class Resume extends ClientCommand {
        @Parameters(paramLabel = "JOB_ID", description = "the job's id, as `lakehouse jobs list` shows it")
        long jobId;

        @Override
        int call(JobsClient client, PrintStream out) throws Exception {
            print(out, client.post("/api/jobs/" + jobId + "/resume", null));
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Start a run of a job now.",
            footer = {"", "Example:", "  lakehouse jobs run 3 -p runDate=2024-06-01 --idempotency-token nightly-2024-06-01"})
    static final class RunNow extends ClientCommand {
        @Parameters(paramLabel = "JOB_ID", description = "the job's id, as `lakehouse jobs list` shows it")
        long jobId;

        @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "parameter override (repeatable)")
        Map<String, String> parameters = new LinkedHashMap<>();

        @Option(names = "--idempotency-token", paramLabel = "TOKEN",
                description = "a second request with the same token returns the first run instead of starting another")
        String idempotencyToken;

        @Override
        int call(JobsClient client, PrintStream out) throws Exception {
            ObjectNode body = JSON.createObjectNode();
            body.set("parameters", JSON.valueToTree(parameters));
            if (idempotencyToken != null) {
                body.put("idempotency_token", idempotencyToken);
            }
            JsonNode answer = client.post("/api/jobs/" + jobId + "/run-now", body);
            if (service.json) {
                Printing.json(out, answer);
            } else {
                out.printf("run %d %s (%s)%n", answer.path("run_id").asLong(),
                        answer.path("created").asBoolean() ? "started" : "already exists for this idempotency token",
                        answer.path("life_cycle_state").asText());
            }
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a job; its active runs are canceled, its run history stays.",
            footer = {"", "Example:", "  lakehouse jobs delete 1"})
    static final class Delete extends ClientCommand {
        @Parameters(paramLabel = "JOB_ID", description = "the job's id, as `lakehouse jobs list` shows it")
        long jobId;

        @Override
        int call(JobsClient client, PrintStream out) throws Exception {
            client.delete("/api/jobs/" + jobId);
            out.println("job " + jobId + " deleted");
            return 0;
        }
    }
}
