package dev.lakehouse.export.spec;

import dev.lakehouse.export.validation.Problem;
import dev.lakehouse.export.validation.ProblemKind;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JobSpecValidatorTest {

    private static Task task(String key, String... dependsOn) {
        return Task.builder(key).dependsOn(Arrays.asList(dependsOn)).notebookTask(NotebookTask.of("n.ipynb", null, null)).build();
    }

    private static List<String> problems(JobSpec spec) {
        return JobSpecValidator.validate(spec, "job.json").stream().map(Problem::toString).toList();
    }

    @Test
    void aValidDiamondHasNoProblems() {
        JobSpec spec = JobSpec.builder("d").tasks(List.of(task("a"), task("b", "a"), task("c", "a"), task("d", "b", "c"))).build();
        assertThat(problems(spec)).isEmpty();
    }

    @Test
    void reportsEachCycleOnceWithItsPath() {
        JobSpec spec = JobSpec.builder("c").tasks(List.of(
                task("a", "c"), task("b", "a"), task("c", "b"),
                task("x", "y"), task("y", "x"),
                task("ok", "a"))).build();
        assertThat(problems(spec)).containsExactly(
                "job.json tasks[0](a).depends_on[0]: dependency cycle: a -> b -> c -> a",
                "job.json tasks[3](x).depends_on[0]: dependency cycle: x -> y -> x");
    }

    @Test
    void selfDependencyIsACycle() {
        List<Problem> problems = JobSpecValidator.validate(JobSpec.builder("s").tasks(List.of(task("a", "a"))).build(), "job.json");
        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.kind()).isEqualTo(ProblemKind.CYCLE);
            assertThat(problem.message()).isEqualTo("dependency cycle: a -> a (task depends on itself)");
        });
    }

    @Test
    void unknownDependenciesSuggestTheClosestKey() {
        JobSpec spec = JobSpec.builder("u").tasks(List.of(task("ingest"), task("clean", "ingset", "zzz"))).build();
        assertThat(problems(spec)).containsExactly(
                "job.json tasks[1](clean).depends_on[0]: task \"clean\" depends on unknown task \"ingset\" (did you mean \"ingest\"?)",
                "job.json tasks[1](clean).depends_on[1]: task \"clean\" depends on unknown task \"zzz\"");
    }

    @Test
    void duplicateKeysNameBothPlaces() {
        JobSpec spec = JobSpec.builder("d").tasks(List.of(task("a"), task("b"), task("a"))).build();
        assertThat(problems(spec)).containsExactly(
                "job.json tasks[2](a): duplicate task key \"a\", already used by job.json tasks[0](a)");
    }

    @Test
    void retryBoundsMustBeOrdered() {
        Task task = Task.builder("t").minRetryIntervalMillis(5000L).maxRetryIntervalMillis(1000L)
                .notebookTask(NotebookTask.of("n.ipynb", null, null)).build();
        assertThat(problems(JobSpec.builder("r").tasks(List.of(task)).build())).containsExactly(
                "job.json tasks[0](t): max_retry_interval_millis (1000) is below min_retry_interval_millis (5000)");
    }

    @Test
    void cronAndTimezoneAreCheckedWithQuartz() {
        assertThat(ScheduleCheck.checkCron("0 0 2 * * ?", "UTC", "x")).isEmpty();
        assertThat(ScheduleCheck.checkCron("0 0/15 9-17 ? * MON-FRI", "Europe/Paris", "x")).isEmpty();
        assertThat(ScheduleCheck.checkCron("0 0 2 L * ? 2099", "UTC", "x")).isEmpty();
        assertThat(ScheduleCheck.checkCron("0 0 2 * *", "UTC", "x")).get().extracting(Problem::message).asString()
                .contains("5 fields like a Unix cron");
        assertThat(ScheduleCheck.checkCron("0 61 * * * ?", "UTC", "x")).get().extracting(Problem::kind)
                .isEqualTo(ProblemKind.INVALID_CRON);
        assertThat(ScheduleCheck.checkCron("0 0 0 30 2 ?", "UTC", "x")).get().extracting(Problem::message)
                .isEqualTo("Quartz cron \"0 0 0 30 2 ?\" never fires (from now on)");
        assertThat(ScheduleCheck.checkTimezone("Europe/Paris", "x")).isEmpty();
        assertThat(ScheduleCheck.checkTimezone("+02:00", "x")).isEmpty();
        assertThat(ScheduleCheck.checkTimezone("Mars/Olympus", "x")).get().extracting(Problem::kind)
                .isEqualTo(ProblemKind.INVALID_TIMEZONE);
        assertThat(ScheduleCheck.quartzTimeZone("+02:00").getRawOffset()).isEqualTo(2 * 3600 * 1000);
    }

    @Test
    void allProblemsAreCollectedNotJustTheFirst() {
        JobSpec spec = JobSpec.builder("all")
                .tasks(List.of(task("a", "b"), task("b", "a"), task("a"), task("c", "nope")))
                .schedule(new Schedule("every day", "Nowhere/City", null, null))
                .parameters(List.of(new JobParameter("p", "1"), new JobParameter("p", "2")))
                .webhookNotifications(new WebhookNotifications(null, List.of(new Webhook(null, null)), null))
                .build();
        assertThat(JobSpecValidator.validate(spec, "job.json")).extracting(Problem::kind).containsExactly(
                ProblemKind.DUPLICATE_TASK_KEY, ProblemKind.UNKNOWN_DEPENDENCY, ProblemKind.CYCLE,
                ProblemKind.INVALID_CRON, ProblemKind.INVALID_TIMEZONE, ProblemKind.INVALID_VALUE, ProblemKind.INVALID_VALUE);
    }
}
