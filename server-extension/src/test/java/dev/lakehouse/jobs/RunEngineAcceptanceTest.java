package dev.lakehouse.jobs;

import static dev.lakehouse.jobs.testing.InProcessService.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.lakehouse.jobs.testing.Await;
import dev.lakehouse.jobs.testing.InProcessService;
import dev.lakehouse.jobs.testing.Notebooks;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 1-3 against a real service over HTTP: a DAG run end to end (order, parallelism, output
 * notebooks, parameters, idempotency, webhooks), retries then repair, timeout, cancel and queueing.
 * Every task is a real child JVM running the headless runner on a trivial notebook.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunEngineAcceptanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUN_LIMIT = Duration.ofSeconds(150);

    @TempDir
    static Path directory;

    private InProcessService jobs;
    private HttpServer webhookReceiver;
    private final List<JsonNode> webhookEvents = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start() throws Exception {
        jobs = InProcessService.start(directory);
        webhookReceiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhookReceiver.createContext("/hook", exchange -> {
            webhookEvents.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhookReceiver.start();
    }

    @AfterAll
    void stop() {
        if (webhookReceiver != null) {
            webhookReceiver.stop(0);
        }
        if (jobs != null) {
            jobs.close();
        }
    }

    @Test
    void threeTaskDagFromTaggedNotebookRunsInOrderWithParallelBranches() throws Exception {
        // left and right meet: each leaves a mark and waits for the other's, so both finish only if
        // they ran at the same time; run one after the other, the first gives up and fails the run.
        Path meetingPoint = directory.resolve("meeting-point");
        Notebooks.create()
                .cell("params", "int n = 1;", "parameters")
                .cell("setup", """
                        void mark(String step) { System.out.println(step + " done n=" + n); }
                        void meet(String me, String other) throws Exception {
                            java.nio.file.Path dir = java.nio.file.Path.of("%s");
                            java.nio.file.Files.createDirectories(dir);
                            java.nio.file.Files.writeString(dir.resolve(me), me);
                            long giveUp = System.nanoTime() + 240_000_000_000L;
                            while (!java.nio.file.Files.exists(dir.resolve(other))) {
                                if (System.nanoTime() > giveUp) {
                                    throw new IllegalStateException(other + " did not run while " + me + " ran");
                                }
                                Thread.sleep(20);
                            }
                        }""".formatted(meetingPoint), "setup")
                .cell("extract", "mark(\"extract\");", "task=extract")
                .cell("left", "meet(\"left\", \"right\");\nmark(\"left\");", "task=left", "depends=extract")
                .cell("right", "meet(\"right\", \"left\");\nmark(\"right\");", "task=right", "depends=extract")
                .write(jobs.notebookRoot.resolve("dag.ipynb"));
        JsonNode job = jobs.client.post("/api/jobs", Map.of("notebook", "dag.ipynb"));
        long jobId = job.path("job_id").asLong();
        assertThat(job.path("settings").path("tasks")).hasSize(3);
        ObjectNode settings = (ObjectNode) job.path("settings");
        String hook = "http://127.0.0.1:" + webhookReceiver.getAddress().getPort() + "/hook";
        settings.set("webhook_notifications", JSON.readTree("{\"on_start\": [{\"url\": \"" + hook + "\"}],"
                + " \"on_success\": [{\"url\": \"" + hook + "\"}], \"on_failure\": [{\"url\": \"" + hook + "\"}]}"));
        jobs.client.put("/api/jobs/" + jobId, settings);

        JsonNode started = jobs.client.post("/api/jobs/" + jobId + "/run-now",
                Map.of("parameters", Map.of("n", "5"), "idempotency_token", "dag-once"));
        long runId = started.path("run_id").asLong();
        JsonNode again = jobs.client.post("/api/jobs/" + jobId + "/run-now", Map.of("idempotency_token", "dag-once"));
        assertThat(again.path("run_id").asLong()).isEqualTo(runId);
        assertThat(again.path("created").asBoolean()).isFalse();

        JsonNode run = jobs.awaitRunEnd(runId, RUN_LIMIT);
        assertThat(run.path("state").path("result_state").asText()).as(run.toString()).isEqualTo("SUCCESS");
        JsonNode extract = task(run, "extract");
        JsonNode left = task(run, "left");
        JsonNode right = task(run, "right");
        assertThat(left.path("start_time").asLong()).isGreaterThanOrEqualTo(extract.path("end_time").asLong());
        assertThat(right.path("start_time").asLong()).isGreaterThanOrEqualTo(extract.path("end_time").asLong());
        assertThat(left.path("start_time").asLong()).as("left and right overlap").isLessThan(right.path("end_time").asLong());
        assertThat(right.path("start_time").asLong()).as("left and right overlap").isLessThan(left.path("end_time").asLong());
        Map<String, long[]> cellWindows = new java.util.HashMap<>();
        for (String key : List.of("extract", "left", "right")) {
            JsonNode output = JSON.readTree(jobs.client.getText("/api/runs/" + runId + "/tasks/" + key + "/output"));
            assertThat(output.path("cells").toString()).contains(key + " done n=5");
            for (JsonNode cell : output.path("cells")) {
                if (cell.path("id").asText().equals(key)) {
                    JsonNode ran = cell.path("metadata").path("lakehouse_run");
                    cellWindows.put(key, new long[] {java.time.Instant.parse(ran.path("start").asText()).toEpochMilli(),
                            java.time.Instant.parse(ran.path("end").asText()).toEpochMilli()});
                }
            }
        }
        // The cells' own recorded times (from inside the task JVMs): extract before both, left and right overlapping.
        assertThat(cellWindows.get("left")[0]).isGreaterThanOrEqualTo(cellWindows.get("extract")[1]);
        assertThat(cellWindows.get("right")[0]).isGreaterThanOrEqualTo(cellWindows.get("extract")[1]);
        assertThat(cellWindows.get("left")[0]).as("left and right cells overlap").isLessThan(cellWindows.get("right")[1]);
        assertThat(cellWindows.get("right")[0]).as("left and right cells overlap").isLessThan(cellWindows.get("left")[1]);
        JsonNode log = jobs.client.get("/api/runs/" + runId + "/tasks/left/logs?offset=0");
        assertThat(log.path("text").asText()).contains("SUCCESS");
        assertThat(log.path("complete").asBoolean()).isTrue();
        JsonNode rest = jobs.client.get("/api/runs/" + runId + "/tasks/left/logs?offset=" + log.path("next_offset").asLong());
        assertThat(rest.path("text").asText()).isEmpty();

        List<String> events = Await.until("webhooks for run " + runId, Duration.ofSeconds(10), () -> eventsOf(runId),
                e -> e.contains("on_success"));
        assertThat(events).containsExactly("on_start", "on_success");
    }

    @Test
    void failingTaskRetriesThenFailsItsDependentAndRepairRerunsOnlyThoseTwo() throws Exception {
        Path notebook = jobs.notebookRoot.resolve("flaky.ipynb");
        Map<String, Object> retries = Map.of("max_retries", 2, "min_retry_interval_millis", 100);
        Notebooks.create()
                .cell("prepare", "System.out.println(\"prepared\");", "task=prepare")
                .cell("flaky", "throw new IllegalStateException(\"broken input\");", retries, "task=flaky", "depends=prepare")
                .cell("report", "System.out.println(\"reported\");", "task=report", "depends=flaky")
                .write(notebook);
        long jobId = jobs.client.post("/api/jobs", Map.of("notebook", "flaky.ipynb")).path("job_id").asLong();
        long runId = jobs.client.post("/api/jobs/" + jobId + "/run-now", Map.of()).path("run_id").asLong();

        JsonNode failed = jobs.awaitRunEnd(runId, RUN_LIMIT);
        assertThat(failed.path("state").path("result_state").asText()).isEqualTo("FAILED");
        JsonNode flaky = task(failed, "flaky");
        assertThat(flaky.path("attempts")).hasSize(3);
        flaky.path("attempts").forEach(a -> assertThat(a.path("state").path("result_state").asText()).isEqualTo("FAILED"));
        for (int i = 1; i < 3; i++) {
            assertThat(flaky.path("attempts").get(i).path("start_time").asLong()).as("retry %d waits min_retry_interval_millis", i)
                    .isGreaterThanOrEqualTo(flaky.path("attempts").get(i - 1).path("end_time").asLong() + 100);
        }
        assertThat(flaky.path("state").path("state_message").asText()).contains("broken input");
        assertThat(task(failed, "report").path("state").path("result_state").asText()).isEqualTo("UPSTREAM_FAILED");
        assertThat(task(failed, "prepare").path("attempts")).hasSize(1);

        Notebooks.create()
                .cell("prepare", "System.out.println(\"prepared\");", "task=prepare")
                .cell("flaky", "System.out.println(\"fixed\");", retries, "task=flaky", "depends=prepare")
                .cell("report", "System.out.println(\"reported\");", "task=report", "depends=flaky")
                .write(notebook);
        JsonNode repair = jobs.client.post("/api/runs/" + runId + "/repair", Map.of());
        assertThat(repair.path("rerun_tasks").toString()).isEqualTo("[\"flaky\",\"report\"]");

        JsonNode repaired = jobs.awaitRunEnd(runId, RUN_LIMIT);
        assertThat(repaired.path("state").path("result_state").asText()).as(repaired.toString()).isEqualTo("SUCCESS");
        assertThat(repaired.path("repair_count").asInt()).isEqualTo(1);
        assertThat(task(repaired, "prepare").path("attempts")).as("prepare is not rerun").hasSize(1);
        assertThat(task(repaired, "flaky").path("attempts")).hasSize(4);
        assertThat(task(repaired, "flaky").path("state").path("result_state").asText()).isEqualTo("SUCCESS");
        assertThat(task(repaired, "report").path("attempts")).hasSize(2);
        assertThat(task(repaired, "report").path("state").path("result_state").asText()).isEqualTo("SUCCESS");
    }

    @Test
    void taskSleepingPastItsTimeoutIsKilledWithinTwoSecondsOfTheLimit() throws Exception {
        Notebooks.create()
                .cell("sleepy", "Thread.sleep(120_000);", Map.of("timeout_seconds", 3), "task=sleepy")
                .write(jobs.notebookRoot.resolve("slow.ipynb"));
        long jobId = jobs.client.post("/api/jobs", Map.of("notebook", "slow.ipynb")).path("job_id").asLong();
        long runId = jobs.client.post("/api/jobs/" + jobId + "/run-now", Map.of()).path("run_id").asLong();

        JsonNode run = jobs.awaitRunEnd(runId, RUN_LIMIT);
        JsonNode sleepy = task(run, "sleepy");
        assertThat(sleepy.path("state").path("result_state").asText()).isEqualTo("TIMEDOUT");
        assertThat(run.path("state").path("result_state").asText()).isEqualTo("FAILED");
        // The limit counts from the attempt's recorded start; end_time is written only after the killed
        // JVM has exited, so it bounds the moment of death from above. The issue's own bound: within 2 s.
        long took = sleepy.path("end_time").asLong() - sleepy.path("start_time").asLong();
        assertThat(took).as("killed at the 3 s limit, within 2 s").isBetween(3000L, 3000L + 2000L);
        assertThat(ProcessHandle.of(lastPid(sleepy)).filter(ProcessHandle::isAlive)).as("the task JVM is gone").isEmpty();
    }

    @Test
    void cancelKillsTheRunningTaskAndQueuedRunsWaitForTheirTurn() throws Exception {
        Notebooks.create()
                .cell("wait", "Thread.sleep(120_000);", "task=wait")
                .write(jobs.notebookRoot.resolve("wait.ipynb"));
        JsonNode job = jobs.client.post("/api/jobs", Map.of("notebook", "wait.ipynb", "max_concurrent_runs", 1));
        long jobId = job.path("job_id").asLong();
        long first = jobs.client.post("/api/jobs/" + jobId + "/run-now", Map.of()).path("run_id").asLong();
        JsonNode skipped = jobs.client.post("/api/jobs/" + jobId + "/run-now", Map.of());
        assertThat(skipped.path("life_cycle_state").asText()).as("over max_concurrent_runs without a queue").isEqualTo("SKIPPED");

        ObjectNode settings = (ObjectNode) job.path("settings");
        settings.set("queue", JSON.readTree("{\"enabled\": true}"));
        jobs.client.put("/api/jobs/" + jobId, settings);
        long queued = jobs.client.post("/api/jobs/" + jobId + "/run-now", Map.of()).path("run_id").asLong();
        assertThat(jobs.client.get("/api/runs/" + queued).path("state").path("life_cycle_state").asText()).isEqualTo("QUEUED");
        assertThat(jobs.client.post("/api/runs/" + queued + "/cancel", null).path("outcome").asText()).isEqualTo("CANCELED");

        long next = jobs.client.post("/api/jobs/" + jobId + "/run-now", Map.of()).path("run_id").asLong();
        Await.until("the first run's task JVM", Duration.ofSeconds(60), () -> jobs.client.get("/api/runs/" + first),
                r -> lastPid(task(r, "wait")) > 0);
        jobs.client.post("/api/runs/" + first + "/cancel", null);
        JsonNode canceled = jobs.awaitRunEnd(first, Duration.ofSeconds(20));
        assertThat(canceled.path("state").path("result_state").asText()).isEqualTo("CANCELED");
        assertThat(task(canceled, "wait").path("state").path("result_state").asText()).isEqualTo("CANCELED");
        assertThat(ProcessHandle.of(lastPid(task(canceled, "wait"))).filter(ProcessHandle::isAlive)).isEmpty();

        Await.until("the queued run to start", Duration.ofSeconds(20), () -> jobs.client.get("/api/runs/" + next),
                r -> r.path("state").path("life_cycle_state").asText().equals("RUNNING"));
        jobs.client.post("/api/runs/" + next + "/cancel", null);
        assertThat(jobs.awaitRunEnd(next, Duration.ofSeconds(30)).path("state").path("result_state").asText()).isEqualTo("CANCELED");
    }

    static long lastPid(JsonNode task) {
        JsonNode attempts = task.path("attempts");
        return attempts.isEmpty() ? -1 : attempts.get(attempts.size() - 1).path("pid").asLong(-1);
    }

    private List<String> eventsOf(long runId) {
        List<String> events = new ArrayList<>();
        for (JsonNode event : webhookEvents) {
            if (event.path("run_id").asLong() == runId) {
                events.add(event.path("event").asText());
            }
        }
        return events;
    }

}
