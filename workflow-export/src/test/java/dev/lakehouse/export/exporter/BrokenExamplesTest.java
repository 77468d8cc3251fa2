package dev.lakehouse.export.exporter;

import dev.lakehouse.export.spec.JobSpecJson;
import dev.lakehouse.export.testing.Resources;
import dev.lakehouse.export.validation.Problem;
import dev.lakehouse.export.validation.ValidationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Each broken example fails with exactly the problems in {@code broken/NAME.errors.txt}, one per line, all of them
 * collected in one go.
 */
class BrokenExamplesTest {

    private static final Path BROKEN = Resources.BROKEN;

    static Stream<Arguments> brokenNotebooks() {
        ExportOptions options = ExportOptions.builder().baseDir(BROKEN).build();
        return Stream.of(
                Arguments.of("cycle", List.of(BROKEN.resolve("cycle.ipynb")), options),
                Arguments.of("unknown-dep", List.of(BROKEN.resolve("unknown-dep.ipynb")), options),
                Arguments.of("duplicate-key", List.of(BROKEN.resolve("duplicate-key.ipynb")), options),
                Arguments.of("orphan-cell", List.of(BROKEN.resolve("orphan-cell.ipynb")), options),
                Arguments.of("bad-metadata", List.of(BROKEN.resolve("bad-metadata.ipynb")), options),
                Arguments.of("bad-parameters", List.of(BROKEN.resolve("bad-parameters.ipynb")), options),
                Arguments.of("cycle-and-orphan", List.of(BROKEN.resolve("cycle-and-orphan.ipynb")), options),
                Arguments.of("bad-schedule", List.of(Resources.JOB_NOTEBOOKS.resolve("diamond.ipynb")),
                        ExportOptions.builder().baseDir(Resources.REPO).cron("0 0 2 * *").timezone("Europe/Pari").build()),
                Arguments.of("bad-cron-field", List.of(Resources.JOB_NOTEBOOKS.resolve("diamond.ipynb")),
                        ExportOptions.builder().baseDir(Resources.REPO).cron("0 0 25 * * ?").build()),
                Arguments.of("notebook-level", List.of(BROKEN.resolve("notebook-level/first.ipynb"),
                        BROKEN.resolve("notebook-level/second.ipynb")), options),
                Arguments.of("missing-notebook", List.of(BROKEN.resolve("no-such.ipynb"), BROKEN.resolve("cycle.ipynb")),
                        options));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenNotebooks")
    void exportReportsEveryProblem(String name, List<Path> notebooks, ExportOptions options) throws IOException {
        ValidationException error = catchThrowableOfType(ValidationException.class,
                () -> JobExporter.export(notebooks, options));
        assertThat(error).as("export of %s must fail", name).isNotNull();
        assertProblems(name, error.problems());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenSpecs")
    void readingReportsEveryProblem(String name) throws IOException {
        Path spec = BROKEN.resolve(name + ".json");
        List<Problem> problems = JobSpecJson.problems(Resources.read(spec), spec.getFileName().toString());
        assertProblems(name, problems);
    }

    static Stream<String> brokenSpecs() {
        return Stream.of("invalid.job", "not-json.job");
    }

    private static void assertProblems(String name, List<Problem> problems) throws IOException {
        List<String> actual = problems.stream().map(Problem::toString).toList();
        Path expectedFile = BROKEN.resolve(name + ".errors.txt");
        if (Resources.updateGoldens()) {
            Files.writeString(expectedFile, String.join("\n", actual) + "\n");
        }
        assertThat(actual).containsExactlyElementsOf(Resources.read(expectedFile).lines().toList());
    }
}
