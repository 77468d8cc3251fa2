package dev.lakehouse.export.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import dev.lakehouse.export.testing.Resources;
import dev.lakehouse.export.validation.Problem;
import dev.lakehouse.export.validation.ProblemKind;
import dev.lakehouse.export.validation.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class JobSpecJsonTest {

    private static final ObjectMapper EXACT = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    static Stream<Path> validSpecs() throws IOException {
        try (Stream<Path> golden = Files.list(Resources.GOLDEN)) {
            return Stream.concat(golden.toList().stream(), Stream.of(Resources.TEST_RESOURCES.resolve("specs/full.job.json")));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validSpecs")
    void readThenWriteGivesTheSameJsonTree(Path file) throws IOException {
        String original = Resources.read(file);
        String written = JobSpecJson.toJson(JobSpecJson.read(original, file.toString()));
        JsonNode before = EXACT.readTree(original);
        JsonNode after = EXACT.readTree(written);
        assertThat(after).isEqualTo(before);
    }

    @Test
    void absentFieldsStayAbsentAndDefaultsComeFromAccessors() {
        JobSpec spec = JobSpecJson.read("""
                {"name": "n", "tasks": [{"task_key": "t", "notebook_task": {"notebook_path": "a.ipynb"}}],
                 "schedule": {"quartz_cron_expression": "0 0 * * * ?", "timezone_id": "UTC"}}
                """, "inline");
        Task task = spec.tasks().get(0);
        assertThat(task.runIf()).isNull();
        assertThat(task.runIfOrDefault()).isEqualTo(RunIf.ALL_SUCCESS);
        assertThat(task.maxRetriesOrDefault()).isZero();
        assertThat(task.timeout()).isEmpty();
        assertThat(spec.maxConcurrentRunsOrDefault()).isEqualTo(1);
        assertThat(spec.sparkMasterOrDefault()).isEqualTo("local[*]");
        assertThat(spec.schedule().catchUpPolicyOrDefault()).isEqualTo(CatchUpPolicy.LATEST);
        assertThat(spec.schedule().pauseStatusOrDefault()).isEqualTo(PauseStatus.UNPAUSED);
        assertThat(JobSpecJson.toJson(spec)).doesNotContain("run_if", "max_retries", "null");
    }

    @Test
    void fullSpecBindsEveryField() throws IOException {
        JobSpec spec = JobSpecJson.read(Resources.TEST_RESOURCES.resolve("specs/full.job.json"));
        Task ingest = spec.task("ingest").orElseThrow();
        assertThat(ingest.notebookTask().baseParameters()).containsEntry("sampleSize", "7");
        assertThat(ingest.notebookTask().cellIds()).containsExactly("parameters", "setup", "ingest", "ingest-write");
        assertThat(ingest.retryBackoffMultiplier()).isEqualByComparingTo(new BigDecimal("1.5"));
        assertThat(ingest.timeout()).contains(Duration.ofMinutes(10));
        assertThat(spec.task("report").orElseThrow().dependencyKeys()).containsExactly("ingest");
        assertThat(spec.queueEnabledOrDefault()).isTrue();
        assertThat(spec.webhookNotifications().onFailure()).extracting(Webhook::url)
                .containsExactly(null, "http://127.0.0.1:9000/hook");
        assertThat(spec.parameterDefaults()).containsExactly(java.util.Map.entry("runDate", "2024-01-01"));
        assertThat(ScheduleCheck.quartzTimeZone(spec.schedule().timezoneId()).getID()).isEqualTo("America/New_York");
    }

    @Test
    void retryDelayGrowsByTheMultiplierUpToTheCap() {
        Task task = Task.builder("t").minRetryIntervalMillis(1000L).retryBackoffMultiplier(new BigDecimal("2"))
                .maxRetryIntervalMillis(5000L).build();
        assertThat(List.of(task.retryDelay(1), task.retryDelay(2), task.retryDelay(3), task.retryDelay(4)))
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(5));
        assertThat(Task.builder("u").build().retryDelay(3)).isEqualTo(Duration.ZERO);
    }

    @Test
    void everyUnknownFieldIsReportedWithItsPath() {
        ValidationException error = catchThrowableOfType(ValidationException.class, () -> JobSpecJson.read("""
                {"name": "n", "colour": "red",
                 "tasks": [{"task_key": "t", "retries": 3, "notebook_task": {"notebook_path": "a.ipynb", "params": {}}}],
                 "schedule": {"quartz_cron_expression": "0 0 * * * ?", "timezone_id": "UTC", "paused": true}}
                """, "job.json"));
        assertThat(error.problems()).extracting(Problem::kind).containsOnly(ProblemKind.UNKNOWN_FIELD);
        assertThat(error.problems()).extracting(Problem::toString).containsExactly(
                "job.json: unknown field \"colour\"; known fields: name, description, tasks, schedule, max_concurrent_runs,"
                        + " queue, timeout_seconds, parameters, email_notifications, webhook_notifications, tags, spark_master",
                "job.json tasks[0](t): unknown field \"retries\" (did you mean \"max_retries\"?)",
                "job.json tasks[0](t).notebook_task: unknown field \"params\"; known fields: notebook_path, source,"
                        + " base_parameters, notebook_sha256, cell_ids",
                "job.json schedule: unknown field \"paused\"; known fields: quartz_cron_expression, timezone_id,"
                        + " pause_status, catch_up_policy");
    }

    @Test
    void wrongTypesAndMissingFieldsAreReportedTogether() {
        List<Problem> problems = JobSpecJson.problems("""
                {"tasks": [{"notebook_task": {}, "max_retries": "3", "min_retry_interval_millis": 1.5},
                           {"task_key": "bad key", "notebook_task": {"notebook_path": "a.ipynb", "base_parameters": {"n": 5}}}],
                 "max_concurrent_runs": 0}
                """, "job.json");
        assertThat(problems).extracting(Problem::toString).containsExactly(
                "job.json: missing required field \"name\"",
                "job.json tasks[0]: missing required field \"task_key\"",
                "job.json tasks[0].notebook_task: missing required field \"notebook_path\"",
                "job.json tasks[0].max_retries: expected integer, got string \"3\"",
                "job.json tasks[0].min_retry_interval_millis: expected integer, got number 1.5",
                "job.json tasks[1](bad key).task_key: \"bad key\" does not match ^[A-Za-z0-9_-]+$",
                "job.json tasks[1](bad key).notebook_task.base_parameters.n: expected string, got integer 5",
                "job.json max_concurrent_runs: must be >= 1, got 0");
    }

    @Test
    void syntaxErrorsNameLineAndColumn() {
        List<Problem> problems = JobSpecJson.problems("{\n  \"name\": \"x\",\n  \"tasks\": [\n}", "job.json");
        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.kind()).isEqualTo(ProblemKind.SYNTAX);
            assertThat(problem.location()).isEqualTo("job.json line 4 column 1");
        });
    }

    @Test
    void duplicateJsonKeysAreASyntaxError() {
        assertThat(JobSpecJson.problems("{\"name\": \"a\", \"name\": \"b\", \"tasks\": []}", "job.json"))
                .singleElement().extracting(Problem::message).asString().contains("Duplicate field 'name'");
    }
}
