package dev.lakehouse.jobs;

import static dev.lakehouse.jobs.testing.InProcessService.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.jobs.client.JobsClient;
import dev.lakehouse.jobs.testing.Await;
import dev.lakehouse.jobs.testing.Notebooks;
import dev.lakehouse.jobs.testing.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.CronExpression;

/**
 * Acceptance 4: the service is SIGKILLed during runs and across fire times. After the restart the
 * interrupted runs are failed or retried per their policy (never left RUNNING, their task JVMs
 * killed), and the fires missed while down are handled per catch-up policy within 10 s.
 */
class CrashRecoveryTest {
    private static final String EVERY_2_SECONDS = "0/2 * * * * ?";
    /** The bound, from the moment the restarted service's own code starts (health's started_time). */
    private static final long CATCH_UP_LIMIT_MILLIS = 10_000;
    /**
     * From the moment the test started the JVM again: JVM boot and class loading come first, and on the
     * shared 2-core machine at load average 20 they alone took 6 s. Generous, yet far below what a
     * catch-up left to Quartz's misfire handling or to the first scheduled fire would take.
     */
    private static final long CATCH_UP_FROM_PROCESS_START_LIMIT_MILLIS = 30_000;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path directory;

    private final List<Long> taskPids = new ArrayList<>();

    @AfterEach
    void killLeftoverTasks() {
        // If the test fails while the service is down, nothing else would stop these sleeping JVMs.
        taskPids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void killedServiceRecoversInterruptedRunsAndCatchesUpMissedFires() throws Exception {
        Path root = directory.resolve("notebooks");
        Notebooks.create().cell("slow", "Thread.sleep(600_000);", Map.of("max_retries", 0), "task=slow")
                .write(root.resolve("once.ipynb"));
        // The first attempt leaves a mark and sleeps until it is killed; the retry finds the mark and ends at once.
        Path mark = directory.resolve("first-attempt-started");
        Notebooks.create().cell("slow", """
                java.nio.file.Path mark = java.nio.file.Path.of("%s");
                if (java.nio.file.Files.exists(mark)) {
                    System.out.println("second attempt");
                } else {
                    java.nio.file.Files.writeString(mark, "started");
                    Thread.sleep(600_000);
                }""".formatted(mark), Map.of("max_retries", 1, "min_retry_interval_millis", 100), "task=slow")
                .write(root.resolve("retry.ipynb"));
        Notebooks.create().cell("tick", "System.out.println(\"tick\");", "task=tick").write(root.resolve("tick.ipynb"));
        try (ServiceProcess service = new ServiceProcess(directory.resolve("state"), root, List.of()).start()) {
            JobsClient client = service.client();
            long onceJob = createJob(client, Map.of("notebook", "once.ipynb"));
            long retryJob = createJob(client, Map.of("notebook", "retry.ipynb"));
            long onceRun = client.post("/api/jobs/" + onceJob + "/run-now", Map.of()).path("run_id").asLong();
            long retryRun = client.post("/api/jobs/" + retryJob + "/run-now", Map.of()).path("run_id").asLong();
            long oncePid = awaitPid(client, onceRun);
            long retryPid = awaitPid(client, retryRun);
            taskPids.addAll(List.of(oncePid, retryPid));
            Await.until("the retry job's first attempt to start its cell", Duration.ofSeconds(120), () -> Files.exists(mark),
                    Boolean::booleanValue);
            long allJob = createJob(client, Map.of("notebook", "tick.ipynb", "name", "all", "cron", EVERY_2_SECONDS,
                    "catch_up_policy", "ALL"));
            // Caught-up runs of ALL wait in the queue one after another instead of loading the machine at once.
            ObjectNode settings = (ObjectNode) client.get("/api/jobs/" + allJob).path("settings");
            settings.putObject("queue").put("enabled", true);
            client.put("/api/jobs/" + allJob, settings);
            long latestJob = createJob(client, Map.of("notebook", "tick.ipynb", "name", "latest", "cron", EVERY_2_SECONDS,
                    "catch_up_policy", "LATEST"));
            long noneJob = createJob(client, Map.of("notebook", "tick.ipynb", "name", "none", "cron", EVERY_2_SECONDS,
                    "catch_up_policy", "NONE"));

            service.kill();
            long killedAt = System.currentTimeMillis();
            assertThat(ProcessHandle.of(oncePid).filter(ProcessHandle::isAlive)).as("task JVMs outlive a SIGKILLed service").isPresent();
            // Stay down across two fire times, plus the grace within which a restarted Quartz still fires late itself.
            long secondMissedFire = cronTimes(killedAt, killedAt + 10_000).get(1);
            sleepUntil(secondMissedFire + JobsService.LATE_FIRE_GRACE_MILLIS + 250);
            long restartedAt = System.currentTimeMillis();
            service.start();
            JobsClient restarted = service.client();
            long boot = service.health().path("started_time").asLong();

            JsonNode failed = awaitEnd(restarted, onceRun);
            assertThat(failed.path("state").path("result_state").asText()).isEqualTo("FAILED");
            assertThat(task(failed, "slow").path("attempts")).hasSize(1);
            assertThat(task(failed, "slow").path("state").path("state_message").asText()).contains("interrupted");
            assertThat(ProcessHandle.of(oncePid).filter(ProcessHandle::isAlive)).as("leftover task JVM killed").isEmpty();
            assertThat(ProcessHandle.of(retryPid).filter(ProcessHandle::isAlive)).as("leftover task JVM killed").isEmpty();

            for (long job : List.of(allJob, latestJob, noneJob)) {
                List<Long> expected = cronTimes(lastRecordedFire(restarted, job, boot), boot - JobsService.LATE_FIRE_GRACE_MILLIS);
                assertThat(expected).as("fires missed while down").hasSizeGreaterThanOrEqualTo(2);
                // Catch-up runs are recorded before the API answers, so they are all there already.
                List<JsonNode> catchUps = runs(restarted, job, "CATCH_UP");
                for (JsonNode run : catchUps) {
                    long created = run.path("created_time").asLong();
                    assertThat(created - boot).as("caught up within 10 s of the service's start").isLessThanOrEqualTo(CATCH_UP_LIMIT_MILLIS);
                    assertThat(created - restartedAt).as("caught up soon after the JVM was started again")
                            .isLessThanOrEqualTo(CATCH_UP_FROM_PROCESS_START_LIMIT_MILLIS);
                    System.out.printf("[crash] job %d catch-up run for %d recorded %d ms after the service's start, %d ms after"
                            + " the JVM was restarted%n", job, run.path("scheduled_fire_time").asLong(), created - boot, created - restartedAt);
                }
                List<Long> fired = catchUps.stream().map(r -> r.path("scheduled_fire_time").asLong()).sorted().toList();
                if (job == allJob) {
                    assertThat(fired).as("ALL").isEqualTo(expected);
                } else if (job == latestJob) {
                    assertThat(fired).as("LATEST").containsExactly(expected.get(expected.size() - 1));
                } else {
                    assertThat(fired).as("NONE").isEmpty();
                }
                assertThat(runs(restarted, job, "PERIODIC")).as("missed fires never run as periodic ones")
                        .noneMatch(r -> expected.contains(r.path("scheduled_fire_time").asLong()));
            }
            for (long job : List.of(allJob, latestJob, noneJob)) {
                restarted.post("/api/jobs/" + job + "/pause", null);
            }
            assertThat(restarted.get("/api/jobs").path("jobs")).as("no job lost").hasSize(5);

            // The cron jobs have shown what they had to; their runs would only slow the rest down.
            for (long job : List.of(allJob, latestJob, noneJob)) {
                for (JsonNode run : runs(restarted, job, null)) {
                    restarted.post("/api/runs/" + run.path("run_id").asLong() + "/cancel", null);
                }
            }
            JsonNode retried = awaitEnd(restarted, retryRun);
            assertThat(task(retried, "slow").path("attempts").get(0).path("state").path("state_message").asText())
                    .contains("interrupted");
            assertThat(task(retried, "slow").path("attempts")).hasSize(2);
            assertThat(retried.path("state").path("result_state").asText()).as(retried.toString()).isEqualTo("SUCCESS");
        }
    }

    private static void sleepUntil(long epochMillis) throws InterruptedException {
        for (long left = epochMillis - System.currentTimeMillis(); left > 0; left = epochMillis - System.currentTimeMillis()) {
            Thread.sleep(left);
        }
    }

    private static long createJob(JobsClient client, Map<String, Object> body) throws Exception {
        return client.post("/api/jobs", body).path("job_id").asLong();
    }

    private static long awaitPid(JobsClient client, long runId) throws Exception {
        JsonNode run = Await.until("run " + runId + " to start its task JVM", Duration.ofSeconds(120),
                () -> client.get("/api/runs/" + runId), r -> RunEngineAcceptanceTest.lastPid(task(r, "slow")) > 0);
        return RunEngineAcceptanceTest.lastPid(task(run, "slow"));
    }

    private static JsonNode awaitEnd(JobsClient client, long runId) throws Exception {
        return Await.until("run " + runId + " to end", Duration.ofSeconds(300), () -> client.get("/api/runs/" + runId),
                r -> List.of("TERMINATED", "SKIPPED", "INTERNAL_ERROR").contains(r.path("state").path("life_cycle_state").asText()));
    }

    /** The newest fire recorded before the restart, else the job's creation: where catch-up starts. */
    private static long lastRecordedFire(JobsClient client, long job, long boot) throws Exception {
        long last = client.get("/api/jobs/" + job).path("created_time").asLong();
        for (JsonNode run : runs(client, job, "PERIODIC")) {
            if (run.path("created_time").asLong() < boot) {
                last = Math.max(last, run.path("scheduled_fire_time").asLong());
            }
        }
        return last;
    }

    private static List<JsonNode> runs(JobsClient client, long job, String trigger) throws Exception {
        List<JsonNode> runs = new ArrayList<>();
        for (JsonNode run : client.get("/api/runs?limit=1000&job_id=" + job).path("runs")) {
            if (trigger == null || run.path("trigger").asText().equals(trigger)) {
                runs.add(run);
            }
        }
        return runs;
    }

    private static List<Long> cronTimes(long after, long upTo) throws Exception {
        CronExpression cron = new CronExpression(EVERY_2_SECONDS);
        cron.setTimeZone(TimeZone.getTimeZone("UTC"));
        List<Long> times = new ArrayList<>();
        for (Date next = cron.getNextValidTimeAfter(new Date(after)); next.getTime() <= upTo;
             next = cron.getNextValidTimeAfter(next)) {
            times.add(next.getTime());
        }
        return times;
    }
}
