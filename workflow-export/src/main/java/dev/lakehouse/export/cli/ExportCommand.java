package dev.lakehouse.export.cli;

import dev.lakehouse.export.exporter.ExportOptions;
import dev.lakehouse.export.exporter.JobExporter;
import dev.lakehouse.export.spec.CatchUpPolicy;
import dev.lakehouse.export.spec.JobSpec;
import dev.lakehouse.export.spec.JobSpecJson;
import dev.lakehouse.export.spec.PauseStatus;
import dev.lakehouse.export.spec.Task;
import dev.lakehouse.export.validation.ValidationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code lakehouse export NOTEBOOK... [-o job.json]}: notebooks to a validated job spec. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Export notebooks as a job spec (JSON) after checking them.",
                "One notebook whose cells are tagged task=KEY becomes one task per KEY (cell-level); otherwise "
                        + "each notebook is one task (notebook-level). See docs/JOBS-EXPORT.md."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:spec written", "1:problems found (printed one per line on stderr)", "2:usage error"})
public final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "NOTEBOOK", description = "Notebook files (.ipynb).")
    List<Path> notebooks;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the spec here instead of standard output.")
    Path output;

    @Option(names = "--name", paramLabel = "NAME", description = "Job name (default: the first notebook's file name).")
    String name;

    @Option(names = "--cron", paramLabel = "EXPR", description = "Quartz cron, e.g. \"0 0 2 * * ?\" (2am daily).")
    String cron;

    @Option(names = "--tz", paramLabel = "ZONE", description = "Time zone of the cron (default UTC), e.g. Europe/Paris.")
    String timezone;

    @Option(names = "--paused", description = "Create the schedule paused.")
    boolean paused;

    @Option(names = "--catch-up", paramLabel = "POLICY",
            description = "Fire times missed while the service was down: ${COMPLETION-CANDIDATES} (default LATEST).")
    CatchUpPolicy catchUp;

    @Option(names = "--max-concurrent-runs", paramLabel = "N", description = "Runs allowed at once (default 1).")
    Integer maxConcurrentRuns;

    @Option(names = "--spark-master", paramLabel = "URL", description = "local[*] (default) or spark://HOST:PORT.")
    String sparkMaster;

    @Option(names = "--depends", paramLabel = "KEY=DEP[,DEP]", description = {
            "Notebook-level: task KEY depends on DEP... (replaces metadata.lakehouse.depends_on). Repeatable."})
    Map<String, String> depends = new LinkedHashMap<>();

    @Option(names = "--base-dir", paramLabel = "DIR",
            description = "Notebook paths in the spec are relative to DIR (default: current directory).")
    Path baseDir;

    @Override
    public Integer call() {
        ExportOptions.Builder options = ExportOptions.builder()
                .jobName(name).cron(cron).timezone(timezone)
                .pauseStatus(paused ? PauseStatus.PAUSED : null)
                .catchUpPolicy(catchUp)
                .maxConcurrentRuns(maxConcurrentRuns)
                .sparkMaster(sparkMaster)
                .baseDir(baseDir);
        depends.forEach((key, keys) -> options.depends(key,
                Arrays.stream(keys.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()));
        if (maxConcurrentRuns != null && maxConcurrentRuns < 1) {
            throw new ParameterException(spec.commandLine(), "--max-concurrent-runs must be at least 1");
        }
        JobSpec job;
        try {
            job = JobExporter.export(notebooks, options.build());
        } catch (ValidationException e) {
            return ProblemPrinter.print(spec.commandLine().getErr(), e.problems());
        }
        String json = JobSpecJson.toJson(job);
        if (output == null) {
            spec.commandLine().getOut().print(json);
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        try {
            JobSpecJson.write(job, output);
        } catch (IOException e) {
            spec.commandLine().getErr().println(output + ": cannot write: " + e.getMessage());
            return ExitCodes.PROBLEMS;
        }
        spec.commandLine().getErr().println("wrote " + output + ": job \"" + job.name() + "\" with " + job.tasks().size()
                + " task(s): " + job.tasks().stream().map(Task::taskKey).collect(Collectors.joining(", ")));
        return ExitCodes.OK;
    }
}
