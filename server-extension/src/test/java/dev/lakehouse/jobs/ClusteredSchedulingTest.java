package dev.lakehouse.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.jobs.client.JobsClient;
import dev.lakehouse.jobs.testing.Await;
import dev.lakehouse.jobs.testing.Notebooks;
import dev.lakehouse.jobs.testing.PostgresServer;
import dev.lakehouse.jobs.testing.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 5: two service instances on one PostgreSQL (Quartz clustered JDBC store). Over at
 * least 20 fire times every fire has exactly one run, and Quartz never handed a fire to both
 * (the unique (job_id, scheduled_fire_time) guard never had to step in).
 */
class ClusteredSchedulingTest {
    private static final int FIRES = 20;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path directory;

    @Test
    void twoInstancesOnOnePostgresRunEachFireExactlyOnce() throws Exception {
        // Not skipped when missing: `./lakehouse test` installs it, and a skipped acceptance test proves nothing.
        Optional<Path> binaries = PostgresServer.findBinaries();
        assertThat(binaries).as("PostgreSQL's initdb and pg_ctl (apt-get install -y postgresql; ./lakehouse test"
                + " installs it)").isPresent();
        Path root = directory.resolve("notebooks");
        Notebooks.create().cell("tick", "System.out.println(\"tick\");", "task=tick").write(root.resolve("tick.ipynb"));
        try (PostgresServer postgres = PostgresServer.start(binaries.get());
             ServiceProcess first = node(postgres, root, "node-a").start();
             ServiceProcess second = node(postgres, root, "node-b").start()) {
            JobsClient a = first.client();
            JobsClient b = second.client();
            JsonNode job = a.post("/api/jobs", Map.of("notebook", "tick.ipynb", "cron", "0/2 * * * * ?",
                    "max_concurrent_runs", 3));
            long jobId = job.path("job_id").asLong();
            ObjectNode settings = (ObjectNode) job.path("settings");
            settings.putObject("queue").put("enabled", true);
            b.put("/api/jobs/" + jobId, settings);

            Await.until(FIRES + " fires", Duration.ofSeconds(FIRES * 2 + 60), () -> runs(b, jobId), r -> r.size() >= FIRES);
            b.post("/api/jobs/" + jobId + "/pause", null);
            List<JsonNode> runs = Await.until("every run to end", Duration.ofSeconds(600), () -> runs(a, jobId),
                    r -> r.stream().allMatch(run -> run.path("state").path("life_cycle_state").asText().equals("TERMINATED")));

            TreeMap<Long, Integer> runsPerFire = new TreeMap<>();
            for (JsonNode run : runs) {
                runsPerFire.merge(run.path("scheduled_fire_time").asLong(), 1, Integer::sum);
                assertThat(run.path("trigger").asText()).isEqualTo("PERIODIC");
                assertThat(run.path("state").path("result_state").asText()).as(run.toString()).isEqualTo("SUCCESS");
            }
            assertThat(runsPerFire.size()).isGreaterThanOrEqualTo(FIRES);
            assertThat(runsPerFire.values()).as("runs per fire time").allMatch(count -> count == 1);
            long expectedFires = (runsPerFire.lastKey() - runsPerFire.firstKey()) / 2000 + 1;
            assertThat(runsPerFire).as("no fire between the first and the last was missed").hasSize((int) expectedFires);
            assertThat(first.health().path("duplicate_fires_suppressed").asLong()).isZero();
            assertThat(second.health().path("duplicate_fires_suppressed").asLong()).isZero();
            long onA = runs.stream().filter(r -> r.path("executed_by").asText().equals("node-a")).count();
            long onB = runs.stream().filter(r -> r.path("executed_by").asText().equals("node-b")).count();
            assertThat(onA + onB).isEqualTo(runs.size());
            System.out.printf("[cluster] %d fires, one run each: %d on node-a, %d on node-b%n", runsPerFire.size(), onA, onB);
        }
    }

    private ServiceProcess node(PostgresServer postgres, Path root, String id) throws Exception {
        return new ServiceProcess(directory.resolve(id), root, List.of("--db", postgres.jdbcUrl(), "--db-user",
                PostgresServer.USER, "--clustered", "--instance-id", id));
    }

    private static List<JsonNode> runs(JobsClient client, long jobId) throws Exception {
        List<JsonNode> runs = new ArrayList<>();
        client.get("/api/runs?limit=1000&job_id=" + jobId).path("runs").forEach(runs::add);
        return runs;
    }

}
