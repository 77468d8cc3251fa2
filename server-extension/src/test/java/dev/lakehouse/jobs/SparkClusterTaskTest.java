package dev.lakehouse.jobs;

import static dev.lakehouse.jobs.testing.InProcessService.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.jobs.testing.Notebooks;
import dev.lakehouse.jobs.testing.SparkStandaloneCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 6: a task whose lambda reads a variable from an earlier cell runs on a Spark
 * standalone master with two workers, and the executors see the variable's value (an uninitialised
 * copy of the cell's class would give zeros). A master, two workers, two executors and the driver
 * are five JVMs, about a minute on an idle machine; no opt-in: CI runs it like every other test.
 */
class SparkClusterTaskTest {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path directory;

    @Test
    void lambdaReadingAnEarlierCellsVariableRunsOnTheExecutors() throws Exception {
        try (SparkStandaloneCluster cluster = SparkStandaloneCluster.start(directory.resolve("spark"), 2);
             var jobs = dev.lakehouse.jobs.testing.InProcessService.start(directory.resolve("jobs"),
                     Map.of("LAKEHOUSE_SPARK_CONF", "spark.executor.memory=512m;spark.cores.max=2"))) {
            Notebooks.create()
                    .cell("factor", "int factor = 7;", "task=compute")
                    .cell("map", """
                            List<Long> result = spark.range(5)
                                .map((MapFunction<Long, Long>) x -> x * factor, Encoders.LONG())
                                .collectAsList();
                            System.out.println("result=" + result);
                            String executors = String.valueOf(spark.sparkContext().getExecutorMemoryStatus().size() - 1);
                            System.out.println("executors=" + executors);
                            List<String> ranOn = spark.range(0, 4, 1, 4)
                                .map((MapFunction<Long, String>) x -> org.apache.spark.SparkEnv.get().executorId() + "/" + (x * factor),
                                    Encoders.STRING())
                                .collectAsList();
                            System.out.println("ran_on=" + ranOn);
                            if (!result.equals(List.of(0L, 7L, 14L, 21L, 28L))) {
                                throw new IllegalStateException("wrong result " + result);
                            }""")
                    .write(jobs.notebookRoot.resolve("cluster.ipynb"));
            long jobId = jobs.client.post("/api/jobs", Map.of("notebook", "cluster.ipynb", "spark_master", cluster.masterUrl()))
                    .path("job_id").asLong();
            long runId = jobs.client.post("/api/jobs/" + jobId + "/run-now", Map.of()).path("run_id").asLong();
            JsonNode run = jobs.awaitRunEnd(runId, Duration.ofSeconds(600));
            String log = jobs.client.get("/api/runs/" + runId + "/tasks/compute/logs?offset=0").path("text").asText();
            Files.writeString(directory.resolve("task.log"), log);
            assertThat(task(run, "compute").path("state").path("result_state").asText()).as(log).isEqualTo("SUCCESS");
            String output = jobs.client.getText("/api/runs/" + runId + "/tasks/compute/output");
            assertThat(output).contains("result=[0, 7, 14, 21, 28]").contains("executors=2");
            // Where the lambda ran: executor ids (never "driver"), each with the value it computed from factor.
            java.util.regex.Matcher ranOn = java.util.regex.Pattern.compile("ran_on=\\[([^\\]]*)\\]").matcher(output);
            assertThat(ranOn.find()).as(output).isTrue();
            List<String> placements = List.of(ranOn.group(1).split(",\\s*"));
            assertThat(placements).hasSize(4).noneMatch(p -> p.startsWith("driver/"));
            assertThat(placements.stream().map(p -> p.substring(p.indexOf('/') + 1)).toList()).containsExactly("0", "7", "14", "21");
        }
    }
}
