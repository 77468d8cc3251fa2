package dev.lakehouse.export.exporter;

import dev.lakehouse.export.spec.CatchUpPolicy;
import dev.lakehouse.export.spec.JobSpec;
import dev.lakehouse.export.spec.JobSpecJson;
import dev.lakehouse.export.testing.Resources;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The example notebooks in notebooks/jobs export to exactly the golden specs, byte for byte. */
class GoldenExportTest {

    static Stream<Arguments> examples() {
        Path jobs = Resources.JOB_NOTEBOOKS;
        ExportOptions base = ExportOptions.builder().baseDir(Resources.REPO).build();
        return Stream.of(
                Arguments.of("etl.job.json", List.of(jobs.resolve("etl.ipynb")), base),
                Arguments.of("diamond.job.json", List.of(jobs.resolve("diamond.ipynb")), ExportOptions.builder()
                        .baseDir(Resources.REPO).jobName("diamond-nightly").cron("0 30 2 * * ?").timezone("Europe/Paris")
                        .catchUpPolicy(CatchUpPolicy.ALL).build()),
                Arguments.of("pipeline.job.json", List.of(jobs.resolve("pipeline/extract.ipynb"),
                        jobs.resolve("pipeline/transform.ipynb"), jobs.resolve("pipeline/load.ipynb")),
                        ExportOptions.builder().baseDir(Resources.REPO).jobName("pipeline").cron("0 0 6 ? * MON-FRI")
                                .maxConcurrentRuns(2).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exportMatchesGolden(String golden, List<Path> notebooks, ExportOptions options) throws IOException {
        String json = JobSpecJson.toJson(JobExporter.export(notebooks, options));
        Path goldenFile = Resources.GOLDEN.resolve(golden);
        if (Resources.updateGoldens()) {
            Files.writeString(goldenFile, json);
        }
        assertThat(json).isEqualTo(Resources.read(goldenFile));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exportReadWriteRoundTrips(String golden, List<Path> notebooks, ExportOptions options) {
        String exported = JobSpecJson.toJson(JobExporter.export(notebooks, options));
        JobSpec reread = JobSpecJson.read(exported, golden);
        assertThat(JobSpecJson.toJson(reread)).isEqualTo(exported);
        assertThat(JobSpecJson.toTree(reread)).isEqualTo(JobSpecJson.toTree(JobSpecJson.read(exported, golden)));
    }
}
