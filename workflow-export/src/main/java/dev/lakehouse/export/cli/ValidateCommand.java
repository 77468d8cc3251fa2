package dev.lakehouse.export.cli;

import dev.lakehouse.export.exporter.NotebookPins;
import dev.lakehouse.export.spec.JobSpec;
import dev.lakehouse.export.spec.JobSpecJson;
import dev.lakehouse.export.validation.Problem;
import dev.lakehouse.export.validation.ProblemKind;
import dev.lakehouse.export.validation.ValidationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code lakehouse validate job.json}: checks a job spec without running anything. */
@Command(name = "validate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Check a job spec: schema (unknown fields, types, bounds), task keys, dependencies, cycles, "
                        + "cron and time zone.",
                "With --notebooks also check that each notebook exists under the base directory, is unchanged "
                        + "since export (notebook_sha256) and has the listed cells."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:valid", "1:problems found (printed one per line on stderr)", "2:usage error"})
public final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "JOB_JSON", description = "The job spec file.")
    Path jobFile;

    @Option(names = "--notebooks", description = "Also check the notebooks the spec points to.")
    boolean checkNotebooks;

    @Option(names = "--base-dir", paramLabel = "DIR",
            description = "Notebook paths are relative to DIR (default: current directory).")
    Path baseDir = Path.of("");

    @Override
    public Integer call() {
        JobSpec job;
        try {
            job = JobSpecJson.read(jobFile);
        } catch (ValidationException e) {
            return ProblemPrinter.print(spec.commandLine().getErr(), e.problems());
        } catch (IOException e) {
            return ProblemPrinter.print(spec.commandLine().getErr(),
                    List.of(new Problem(ProblemKind.SYNTAX, jobFile.toString(), "cannot read: " + e.getMessage())));
        }
        if (checkNotebooks) {
            List<Problem> problems = NotebookPins.check(job, baseDir).stream()
                    .map(p -> new Problem(p.kind(), jobFile + " " + p.location(), p.message()))
                    .toList();
            if (!problems.isEmpty()) {
                return ProblemPrinter.print(spec.commandLine().getErr(), problems);
            }
        }
        spec.commandLine().getOut().println(jobFile + ": valid job \"" + job.name() + "\" with " + job.tasks().size()
                + " task(s)" + (checkNotebooks ? ", notebooks unchanged" : ""));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
