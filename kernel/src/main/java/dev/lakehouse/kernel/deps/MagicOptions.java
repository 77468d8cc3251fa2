package dev.lakehouse.kernel.deps;

import dev.lakehouse.magics.api.MagicException;
import java.util.List;
import picocli.CommandLine;

/** Parses a magic's argv into a picocli-annotated options object; mistakes become MagicExceptions. */
final class MagicOptions {
    private MagicOptions() {}

    static String usage(Object options) {
        return new CommandLine(options).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    /** Fills {@code options}; returns false when the user asked for --help. */
    static boolean parse(Object options, List<String> argv) {
        CommandLine commandLine = new CommandLine(options);
        try {
            commandLine.parseArgs(argv.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new MagicException(e.getMessage() + "\nSee " + commandLine.getCommandName() + " --help");
        }
        return !commandLine.isUsageHelpRequested();
    }
}
