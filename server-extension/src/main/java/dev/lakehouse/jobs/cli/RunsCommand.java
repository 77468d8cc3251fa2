package dev.lakehouse.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.jobs.client.JobsClient;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lakehouse runs ...}: inspect and steer runs through the service. */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "Runs of jobs: list, get, cancel, repair, output, logs.",
        footer = {"", "The commands talk to the running service (see `lakehouse jobs --help`). Examples:",
                "  lakehouse runs list --job 1 --active",
                "  lakehouse runs get 7",
                "  lakehouse runs logs 7 clean --follow",
                "  lakehouse runs repair 7"},
        subcommands = {RunsCommand.ListRuns.class, RunsCommand.Get.class, RunsCommand.Cancel.class,
                RunsCommand.Repair.class, RunsCommand.Output.class, RunsCommand.Logs.class})
public final class RunsCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List runs, newest first.",
            footer = {"", "Examples:", "  lakehouse runs list", "  lakehouse runs list --job 1 --active --limit 5"})
    static final class ListRuns extends JobsCommand.ClientCommand {
        @Option(names = "--job", paramLabel = "JOB_ID", description = "only this job's runs")
        Long jobId;

        @Option(names = "--active", description = "only queued, pending and running runs")
        boolean active;

        @Option(names = "--limit", paramLabel = "N", description = "at most this many (default ${DEFAULT-VALUE})")
        int limit = 25;

        @Override
        int call(JobsClient client, PrintStream out) throws Exception {
            String query = "?limit=" + limit + (jobId == null ? "" : "&job_id=" + jobId) + (active ? "&active_only=true" : "");
            JsonNode answer = client.get("/api/runs" + query);
            if (service.json) {
                Printing.json(out, answer);
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode run : answer.path("runs")) {
                rows.add(List.of(run.path("run_id").asText(), run.path("job_id").asText(), run.path("run_name").asText(),
                        run.path("trigger").asText(), Printing.state(run.path("state")), Printing.time(run.get("start_time")),
                        Printing.duration(run.get("start_time"), run.get("end_time"))));
            }
            Printing.table(out, List.of("RUN", "JOB", "NAME", "TRIGGER", "STATE", "STARTED", "DURATION"), rows);
            return 0;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Show a run with its tasks: state, attempt, start, duration, message.",
            footer = {"", "Examples:", "  lakehouse runs get 7", "  lakehouse runs get 7 --json   (every attempt, pids, exit codes)"})
    static final class Get extends JobsCommand.ClientCommand {
        @Parameters(paramLabel = "RUN_ID", description = "the run's id, as `lakehouse runs list` shows it")
        long runId;

        @Override
        int call(JobsClient client, PrintStream out) throws Exception {
            JsonNode run = client.get("/api/runs/" + runId);
            if (service.json) {
                Printing.json(out, run);
                return 0;
            }
            out.printf("run %d of job %d (%s), %s, trigger %s%s%n", run.path("run_id").asLong(), run.path("job_id").asLong(),
                    run.path("run_name").asText(), Printing.state(run.path("state")), run.path("trigger").asText(),
                    run.path("repair_count").asInt() > 0 ? ", repaired " + run.path("repair_count").asInt() + "x" : "");
            if (run.path("state").has("state_message")) {
                out.println("  " + run.path("state").path("state_message").asText());
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode task : run.path("tasks")) {
                rows.add(List.of(task.path("task_key").asText(), Printing.state(task.path("state")),
                        task.path("attempt_number").asText("-"), Printing.time(task.get("start_time")),
                        Printing.duration(task.get("start_time"), task.get("end_time")),
                        task.path("state").path("state_message").asText("")));
            }
            Printing.table(out, List.of("TASK", "STATE", "ATTEMPT", "STARTED", "DURATION", "MESSAGE"), rows);
            return 0;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancel a run: running tasks are killed, tasks not started end CANCELED; a queued run never starts.",
            footer = {"", "Example:", "  lakehouse runs cancel 7"})
    static final class Cancel extends JobsCommand.ClientCommand {
        @Parameters(paramLabel = "RUN_ID", description = "the run's id, as `lakehouse runs list` shows it")
        long runId;

        @Override
        int call(JobsClient client, PrintStream out) throws Exception {
            JsonNode answer = client.post("/api/runs/" + runId + "/cancel", null);
            if (service.json) {
                Printing.json(out, answer);
                return 0;
            }
            out.printf("run %d: %s%n", runId, answer.path("outcome").asText());
            return 0;
        }
    }

    @Command(name = "repair", mixinStandardHelpOptions = true,
            description = "Rerun a finished run's failed tasks (or the given ones) and their dependents, in the same run.",
            footer = {"", "Examples:", "  lakehouse runs repair 7                 (every failed task and what depends on it)",
                    "  lakehouse runs repair 7 --task clean    (clean and its dependents, even if they succeeded)"})
    static final class Repair extends JobsCommand.ClientCommand {
        @Parameters(paramLabel = "RUN_ID", description = "the run's id, as `lakehouse runs list` shows it")
        long runId;

        @Option(names = "--task", paramLabel = "KEY", description = "rerun these tasks (repeatable; default: every failed one)")
        List<String> tasks = new ArrayList<>();

        @Override
        int call(JobsClient client, PrintStream out) throws Exception {
            ObjectNode body = JSON.createObjectNode();
            tasks.forEach(t -> body.withArray("rerun_tasks").add(t));
            JsonNode answer = client.post("/api/runs/" + runId + "/repair", body);
            if (service.json) {
                Printing.json(out, answer);
                return 0;
            }
            List<String> keys = new ArrayList<>();
            answer.path("rerun_tasks").forEach(k -> keys.add(k.asText()));
            out.printf("run %d: rerunning %s%n", runId, String.join(", ", keys));
            return 0;
        }
    }

    @Command(name = "output", mixinStandardHelpOptions = true,
            description = "Save (or print) a task's output notebook (its latest attempt).",
            footer = {"", "Example:", "  lakehouse runs output 7 clean -o clean.out.ipynb"})
    static final class Output extends JobsCommand.ClientCommand {
        @Parameters(index = "0", paramLabel = "RUN_ID", description = "the run's id, as `lakehouse runs list` shows it")
        long runId;

        @Parameters(index = "1", paramLabel = "TASK_KEY", description = "the task, as `lakehouse runs get RUN_ID` lists them")
        String taskKey;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE.ipynb", description = "write here instead of printing")
        Path output;

        @Override
        int call(JobsClient client, PrintStream out) throws Exception {
            String notebook = client.getText("/api/runs/" + runId + "/tasks/" + taskKey + "/output");
            if (output == null) {
                out.println(notebook);
            } else {
                Files.writeString(output, notebook, StandardCharsets.UTF_8);
                out.println("wrote " + output);
            }
            return 0;
        }
    }

    @Command(name = "logs", mixinStandardHelpOptions = true, description = "Print a task's log; --follow streams it while it runs.",
            footer = {"", "Examples:", "  lakehouse runs logs 7 clean --follow", "  lakehouse runs logs 7 clean --attempt 1"})
    static final class Logs extends JobsCommand.ClientCommand {
        @Parameters(index = "0", paramLabel = "RUN_ID", description = "the run's id, as `lakehouse runs list` shows it")
        long runId;

        @Parameters(index = "1", paramLabel = "TASK_KEY", description = "the task, as `lakehouse runs get RUN_ID` lists them")
        String taskKey;

        @Option(names = "--attempt", paramLabel = "N", description = "this attempt (default: the latest)")
        Integer attempt;

        @Option(names = {"-f", "--follow"}, description = "keep printing until the attempt ends")
        boolean follow;

        @Override
        int call(JobsClient client, PrintStream out) throws Exception {
            long offset = 0;
            while (true) {
                JsonNode chunk = client.get("/api/runs/" + runId + "/tasks/" + taskKey + "/logs?offset=" + offset
                        + (attempt == null ? "" : "&attempt=" + attempt));
                out.print(chunk.path("text").asText());
                out.flush();
                boolean more = chunk.path("next_offset").asLong() > offset;
                offset = chunk.path("next_offset").asLong();
                if (!more && (!follow || chunk.path("complete").asBoolean())) {
                    return 0;
                }
                if (!more) {
                    Thread.sleep(500);
                }
            }
        }
    }
}
