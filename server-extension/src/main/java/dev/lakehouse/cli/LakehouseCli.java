package dev.lakehouse.cli;

import dev.lakehouse.export.cli.ExportCommand;
import dev.lakehouse.export.cli.ValidateCommand;
import dev.lakehouse.jobs.cli.JobsCommand;
import dev.lakehouse.jobs.cli.RunsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lakehouse} command line: run notebooks headless, export and validate jobs, the jobs service. */
@Command(name = "lakehouse", mixinStandardHelpOptions = true, version = "lakehouse 0.1.0",
        description = "Lakehouse notebooks from the command line.",
        subcommands = {RunCommand.class, ExportCommand.class, ValidateCommand.class, JobsCommand.class, RunsCommand.class})
public final class LakehouseCli implements Runnable {
    public static void main(String[] args) {
        int code = new CommandLine(new LakehouseCli()).execute(args);
        // Spark and JShell leave non-daemon threads behind; the run is over.
        Runtime.getRuntime().halt(code);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
