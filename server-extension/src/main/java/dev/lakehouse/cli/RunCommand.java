package dev.lakehouse.cli;

import dev.lakehouse.export.validation.Problem;
import dev.lakehouse.export.validation.ValidationException;
import dev.lakehouse.kernel.KernelLogging;
import dev.lakehouse.kernel.engine.ExitGuard;
import dev.lakehouse.kernel.engine.NotebookEngine;
import dev.lakehouse.runner.NotebookRunner;
import dev.lakehouse.runner.RunOptions;
import dev.lakehouse.runner.RunJit;
import dev.lakehouse.runner.RunReport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lakehouse run NOTEBOOK [-p k=v]... [--task KEY] [--output OUT.ipynb]}. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a notebook (or one task of it) headless, through the same engine as the kernel.",
                "Writes the output notebook with outputs and per-cell status/timings.",
                "Exit code: 0 all cells ran, 1 a cell failed, 2 bad notebook, parameters or task."},
        footer = {"", "Examples:", "  lakehouse run notebooks/quickstart.ipynb",
                "  lakehouse run report.ipynb -p date=2024-06-01 -p n=5 --output /tmp/report.out.ipynb",
                "  lakehouse run pipeline.ipynb --task clean"})
public final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NOTEBOOK", description = "the .ipynb to run")
    Path notebook;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE",
            description = "a parameter value, coerced to the type the 'parameters' cell declares (repeatable)")
    Map<String, String> parameters = new LinkedHashMap<>();

    @Option(names = "--task", paramLabel = "KEY", description = "run only this task's cells (cell-tagged notebooks)")
    String task;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.ipynb", description = "output notebook (default: NAME.out.ipynb beside the input)")
    Path output;

    private final NotebookEngine startedEngine;

    public RunCommand() {
        this(null);
    }

    /** @param startedEngine an engine already starting (see NotebookRunner#startEngine), or null */
    public RunCommand(NotebookEngine startedEngine) {
        this.startedEngine = startedEngine;
    }

    @Override
    public Integer call() throws Exception {
        PrintStream console = System.out;
        PrintStream errors = System.err;
        if (!Files.isRegularFile(notebook)) {
            errors.println("error: no notebook at " + notebook.toAbsolutePath());
            return 2;
        }
        OptionalInt rerun = RunJit.relaunchIfSparkNeedsIt(notebook);
        if (rerun.isPresent()) {
            return rerun.getAsInt();
        }
        KernelLogging.configure();
        ExitGuard.install();
        try {
            RunReport report = new NotebookRunner(System.getenv(), console, startedEngine)
                    .run(new RunOptions(notebook, parameters, task, output));
            console.printf("%s: %d cell(s) in %.1f s; output notebook: %s%n",
                    report.succeeded() ? "SUCCESS" : "FAILED", report.cellsRun(), report.millis() / 1000.0, report.output());
            return report.succeeded() ? 0 : 1;
        } catch (ValidationException e) {
            errors.println("error: nothing was run:");
            for (Problem p : e.problems()) {
                errors.println("  " + p);
            }
            return 2;
        } finally {
            ExitGuard.allowExit();
        }
    }
}
