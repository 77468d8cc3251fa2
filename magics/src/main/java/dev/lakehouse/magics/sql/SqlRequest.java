package dev.lakehouse.magics.sql;

import dev.lakehouse.magics.api.MagicException;
import dev.lakehouse.magics.api.MagicInvocation;
import dev.lakehouse.magics.cli.MagicCommandLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One {@code %sql}/{@code %%sql} use taken apart: the options, the {@code NAME <<} capture and the
 * SQL. On a line, options come first and the SQL is the rest of the line exactly as typed (its
 * quotes intact); in a cell, the SQL is the body.
 */
record SqlRequest(SqlOptions options, Optional<String> help, String captureName, String sql) {

    static SqlRequest parse(MagicInvocation invocation) {
        List<Token> tokens = tokenize(invocation.rawArgs());
        String capture = null;
        int first = 0;
        if (tokens.size() >= 2 && tokens.get(1).value.equals("<<")) {
            capture = tokens.get(0).value;
            first = 2;
        } else if (!tokens.isEmpty() && tokens.get(0).value.endsWith("<<") && tokens.get(0).value.length() > 2) {
            capture = tokens.get(0).value.substring(0, tokens.get(0).value.length() - 2);
            first = 1;
        }
        if (capture != null && !capture.matches("[A-Za-z_$][A-Za-z0-9_$]*")) {
            throw new MagicException("'" + capture + " <<' must name a Java variable (letters, digits, _).");
        }
        SqlOptions options = new SqlOptions();
        MagicCommandLine cli = new MagicCommandLine(options);
        CommandSpec spec = cli.commandLine().getCommandSpec();
        List<String> optionArgs = new ArrayList<>();
        int sqlStart = -1;
        for (int i = first; i < tokens.size(); i++) {
            String value = tokens.get(i).value;
            if (value.equals("--")) {
                sqlStart = i + 1 < tokens.size() ? tokens.get(i + 1).start : invocation.rawArgs().length();
                break;
            }
            if (!value.startsWith("-") || value.length() == 1) {
                sqlStart = tokens.get(i).start;
                break;
            }
            optionArgs.add(value);
            if (takesSeparateValue(spec, value, i + 1 < tokens.size() ? tokens.get(i + 1).value : null)) {
                optionArgs.add(tokens.get(++i).value);
            }
        }
        MagicCommandLine.Parsed parsed = cli.parse(optionArgs);
        String lineSql = sqlStart < 0 ? "" : invocation.rawArgs().substring(sqlStart).strip();
        String body = invocation.body() == null ? "" : invocation.body();
        String sql = lineSql.isEmpty() ? body : body.isBlank() ? lineSql : lineSql + "\n" + body;
        return new SqlRequest(options, parsed.help(), capture, sql);
    }

    private static boolean takesSeparateValue(CommandSpec spec, String token, String next) {
        if (token.startsWith("--") && token.contains("=")) {
            return false;
        }
        OptionSpec option = spec.findOption(token);
        if (option == null || option.arity().max() == 0 || next == null) {
            return false;
        }
        if (option.arity().min() == 0) { // --explain [MODE]: only a mode word is its value
            return java.util.Arrays.stream(SqlOptions.ExplainMode.values()).anyMatch(m -> m.name().equalsIgnoreCase(next));
        }
        return true;
    }

    private record Token(String value, int start) {}

    /** Shell-like split that remembers where each token starts in the line. */
    private static List<Token> tokenize(String line) {
        List<Token> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int start = -1;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                    current.append(line.charAt(++i));
                } else {
                    current.append(c);
                }
                continue;
            }
            if (Character.isWhitespace(c)) {
                if (start >= 0) {
                    tokens.add(new Token(current.toString(), start));
                    current.setLength(0);
                    start = -1;
                }
                continue;
            }
            if (start < 0) {
                start = i;
            }
            if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '\\' && i + 1 < line.length()) {
                current.append(line.charAt(++i));
            } else {
                current.append(c);
            }
        }
        if (start >= 0) {
            tokens.add(new Token(current.toString(), start));
        }
        return tokens;
    }
}
