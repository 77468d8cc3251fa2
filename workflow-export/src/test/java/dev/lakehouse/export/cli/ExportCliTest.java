package dev.lakehouse.export.cli;

import dev.lakehouse.export.spec.JobSpecJson;
import dev.lakehouse.export.testing.Resources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ExportCliTest {

    private record Result(int exitCode, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ExportCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private static String notebook(String name) {
        return Resources.JOB_NOTEBOOKS.resolve(name).toString();
    }

    @Test
    void exportWritesTheGoldenSpec(@TempDir Path dir) {
        Path output = dir.resolve("out/etl.job.json");
        Result result = run("export", notebook("etl.ipynb"), "-o", output.toString(), "--base-dir", Resources.REPO.toString());
        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEqualTo("wrote " + output + ": job \"etl\" with 3 task(s): ingest, clean, report\n");
        assertThat(Resources.read(output)).isEqualTo(Resources.read(Resources.GOLDEN.resolve("etl.job.json")));
    }

    @Test
    void exportPrintsToStandardOutputWithScheduleOptions() {
        Result result = run("export", notebook("diamond.ipynb"), "--base-dir", Resources.REPO.toString(),
                "--name", "diamond-nightly", "--cron", "0 30 2 * * ?", "--tz", "Europe/Paris", "--catch-up", "ALL");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo(Resources.read(Resources.GOLDEN.resolve("diamond.job.json")));
    }

    @Test
    void notebookLevelExportWithDependsFlag() {
        Result result = run("export", notebook("pipeline/extract.ipynb"), notebook("pipeline/load.ipynb"),
                "--base-dir", Resources.REPO.toString(), "--depends", "load=extract", "--paused", "--cron", "0 0 1 * * ?");
        assertThat(result.exitCode()).as(result.err()).isZero();
        var spec = JobSpecJson.read(result.out(), "stdout");
        assertThat(spec.task("load").orElseThrow().dependencyKeys()).containsExactly("extract");
        assertThat(spec.schedule().pauseStatus()).hasToString("PAUSED");
    }

    @Test
    void problemsArePrintedOnePerLineWithExitCode1() {
        Result result = run("export", Resources.BROKEN.resolve("cycle-and-orphan.ipynb").toString(),
                "--base-dir", Resources.BROKEN.toString(), "--cron", "0 0 2 * *");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.PROBLEMS);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines()).containsExactly(
                "error: cycle-and-orphan.ipynb cells[0] (id stray): code cell belongs to no task: it comes before the first task cell; tag it task=<key>, setup or skip",
                "error: cycle-and-orphan.ipynb cells[1] (id a): dependency cycle: a -> b -> a",
                "error: job schedule.quartz_cron_expression: invalid Quartz cron \"0 0 2 * *\": it has 5 fields like a Unix cron;"
                        + " Quartz cron has 6 or 7 fields: seconds minutes hours day-of-month month day-of-week [year], e.g. \"0 0 2 * * ?\"",
                "3 problems");
    }

    @Test
    void usageErrorsExitWith2() {
        assertThat(run("export").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("export", "x.ipynb", "--catch-up", "SOMETIMES").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("export", "x.ipynb", "--max-concurrent-runs", "0").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("validate").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run().exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void everyCommandAnswersHelp() {
        Result export = run("export", "--help");
        assertThat(export.exitCode()).isZero();
        assertThat(export.out()).contains("Usage: lakehouse-export export", "--cron=EXPR", "--depends=KEY=DEP[,DEP]",
                "LATEST, ALL", "Exit codes:");
        Result validate = run("validate", "--help");
        assertThat(validate.exitCode()).isZero();
        assertThat(validate.out()).contains("Usage: lakehouse-export validate", "--notebooks");
        assertThat(run("--help").out()).contains("export", "validate");
    }

    @Test
    void validateAcceptsGoldenSpecsAndReportsBrokenOnes() {
        Result ok = run("validate", Resources.GOLDEN.resolve("pipeline.job.json").toString(),
                "--notebooks", "--base-dir", Resources.REPO.toString());
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).endsWith("pipeline.job.json: valid job \"pipeline\" with 3 task(s), notebooks unchanged\n");

        Path broken = Resources.BROKEN.resolve("invalid.job.json");
        Result bad = run("validate", broken.toString());
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.PROBLEMS);
        assertThat(bad.err().lines()).hasSize(13).last().isEqualTo("12 problems");

        Result missing = run("validate", "no-such.job.json");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.PROBLEMS);
        assertThat(missing.err()).isEqualTo("error: no-such.job.json: no such file\n1 problem\n");
    }

    @Test
    void validateNotebooksDetectsAnEditedNotebook(@TempDir Path dir) throws IOException {
        Files.copy(Resources.JOB_NOTEBOOKS.resolve("diamond.ipynb"), dir.resolve("diamond.ipynb"));
        Path spec = dir.resolve("job.json");
        assertThat(run("export", dir.resolve("diamond.ipynb").toString(), "-o", spec.toString(), "--base-dir", dir.toString())
                .exitCode()).isZero();
        Files.writeString(dir.resolve("diamond.ipynb"), Files.readString(dir.resolve("diamond.ipynb"))
                .replace("stamp(\\\"d\\\")", "stamp(\\\"D\\\")"));
        Result result = run("validate", spec.toString(), "--notebooks", "--base-dir", dir.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.PROBLEMS);
        assertThat(result.err()).contains("diamond.ipynb changed since export");
    }
}
