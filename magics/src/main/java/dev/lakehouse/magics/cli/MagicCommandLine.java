package dev.lakehouse.magics.cli;

import dev.lakehouse.magics.api.MagicException;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Picocli for magics: parses a magic's argv into its annotated options object, turns a user's
 * mistake into a {@link MagicException} that carries the usage, and reports {@code --help}.
 */
public final class MagicCommandLine {
    private final CommandLine commandLine;

    public MagicCommandLine(Object command) {
        this.commandLine = new CommandLine(command)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setUsageHelpWidth(100)
                .setColorScheme(CommandLine.Help.defaultColorScheme(Ansi.OFF));
    }

    /** The result of a parse: either help text to show, or options to act on. */
    public record Parsed(ParseResult result, Optional<String> help) {
        /** The innermost subcommand chosen, or the top command's result. */
        public ParseResult leaf() {
            ParseResult r = result;
            while (r.hasSubcommand()) {
                r = r.subcommand();
            }
            return r;
        }

        public Object leafCommand() {
            return leaf().commandSpec().userObject();
        }
    }

    public Parsed parse(List<String> argv) {
        try {
            ParseResult result = commandLine.parseArgs(argv.toArray(String[]::new));
            return new Parsed(result, helpRequested(result));
        } catch (ParameterException e) {
            throw new MagicException(describe(e), e);
        }
    }

    public String usage() {
        return commandLine.getUsageMessage();
    }

    public CommandLine commandLine() {
        return commandLine;
    }

    private static Optional<String> helpRequested(ParseResult result) {
        for (ParseResult r = result; r != null; r = r.hasSubcommand() ? r.subcommand() : null) {
            if (r.isUsageHelpRequested()) {
                return Optional.of(r.commandSpec().commandLine().getUsageMessage());
            }
        }
        return Optional.empty();
    }

    private static String describe(ParameterException e) {
        StringBuilder message = new StringBuilder(e.getMessage());
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            message.append("\nDid you mean: ").append(String.join(", ", unmatched.getSuggestions())).append('?');
        }
        message.append("\n\n").append(e.getCommandLine().getUsageMessage());
        return message.toString().stripTrailing();
    }
}
