package dev.lakehouse.export.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * Standalone entry point with the {@code export} and {@code validate} commands; the {@code lakehouse} CLI mounts
 * {@link ExportCommand} and {@link ValidateCommand} itself.
 */
@Command(name = "lakehouse-export", mixinStandardHelpOptions = true, version = "lakehouse-export 0.1.0",
        description = "Turn notebooks into job specs and check job specs.",
        subcommands = {ExportCommand.class, ValidateCommand.class})
public final class ExportCli implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** Runs the CLI and returns its exit code (for tests and embedding). */
    public static int run(String... args) {
        return new CommandLine(new ExportCli()).execute(args);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }
}
