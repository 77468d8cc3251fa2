package dev.lakehouse.cli;

import dev.lakehouse.export.cli.ExportCommand;
import dev.lakehouse.export.cli.ValidateCommand;
import dev.lakehouse.jobs.cli.JobsCommand;
import dev.lakehouse.jobs.cli.RunsCommand;
import dev.lakehouse.kernel.KernelLogging;
import dev.lakehouse.runner.NotebookRunner;
import dev.lakehouse.runner.RunJit;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lakehouse} command line: run notebooks headless, export and validate jobs, the jobs service. */
@Command(name = "lakehouse", mixinStandardHelpOptions = true, version = "lakehouse 0.1.0",
        description = "Lakehouse notebooks from the command line.",
        subcommands = {RunCommand.class, ExportCommand.class, ValidateCommand.class, JobsCommand.class, RunsCommand.class})
public final class LakehouseCli implements Runnable {
    private static final String RUN = "run";

    public static void main(String[] args) {
        int code = execute(args);
        // Spark and JShell leave non-daemon threads behind; the run is over.
        Runtime.getRuntime().halt(code);
    }

    /**
     * {@code run} is on the path of every scheduled job run, so it skips what it does not need:
     * picocli builds the model of the run command only (not of every command and their option types),
     * and the engine's JShell starts while the arguments are parsed and the notebook is read.
     */
    static int execute(String[] args) {
        if (args.length > 0 && args[0].equals(RUN)) {
            RunJit.followParent();
            KernelLogging.configure();
            RunCommand run = new RunCommand(NotebookRunner.startEngine(System.getenv()));
            return new CommandLine(run).setCommandName("lakehouse " + RUN).execute(Arrays.copyOfRange(args, 1, args.length));
        }
        return new CommandLine(new LakehouseCli()).execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
