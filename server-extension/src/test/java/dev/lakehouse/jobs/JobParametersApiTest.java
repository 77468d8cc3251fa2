package dev.lakehouse.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.jobs.client.JobsClient.ApiException;
import dev.lakehouse.jobs.testing.InProcessService;
import dev.lakehouse.jobs.testing.Notebooks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Job parameters over HTTP: defaults set when a notebook becomes a job, and what a run hands its tasks. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobParametersApiTest {
    @TempDir
    static Path directory;

    private InProcessService jobs;

    @BeforeAll
    void start() throws Exception {
        jobs = InProcessService.start(directory);
        Notebooks.create()
                .cell("params", "int n = 1;", "parameters")
                .cell("show", "System.out.println(\"n=\" + n);", "task=show")
                .write(jobs.notebookRoot.resolve("params.ipynb"));
    }

    @AfterAll
    void stop() {
        if (jobs != null) {
            jobs.close();
        }
    }

    @Test
    void aDefaultGivenAtCreationReachesTheTasksOfARunStartedWithoutValues() throws Exception {
        JsonNode job = jobs.client.post("/api/jobs", Map.of("notebook", "params.ipynb", "parameters", Map.of("n", "9")));
        assertThat(job.path("settings").path("parameters").toString()).isEqualTo("[{\"name\":\"n\",\"default\":\"9\"}]");

        long runId = jobs.client.post("/api/jobs/" + job.path("job_id").asLong() + "/run-now", Map.of()).path("run_id").asLong();
        JsonNode run = jobs.awaitRunEnd(runId, Duration.ofSeconds(150));

        assertThat(run.path("state").path("result_state").asText()).as(run.toString()).isEqualTo("SUCCESS");
        assertThat(jobs.client.getText("/api/runs/" + runId + "/tasks/show/output")).contains("n=9");
    }

    @Test
    void aNameTheNotebookDoesNotDeclareIsRefusedWithTheOnesItDoes() {
        assertThatThrownBy(() -> jobs.client.post("/api/jobs", Map.of("notebook", "params.ipynb", "parameters", Map.of("m", "2"))))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("no parameter 'm'").hasMessageContaining("parameters: n");
    }
}
