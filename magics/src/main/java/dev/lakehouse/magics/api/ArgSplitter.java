package dev.lakehouse.magics.api;

import java.util.ArrayList;
import java.util.List;

/** Splits a magic's argument line like a POSIX shell: whitespace separates, quotes group. */
public final class ArgSplitter {
    private ArgSplitter() {}

    public static List<String> split(String line) {
        List<String> args = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inToken = false;
        char quote = 0;
        int quoteStart = -1;
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
            } else if (c == '"' || c == '\'') {
                quote = c;
                quoteStart = i;
                inToken = true;
            } else if (Character.isWhitespace(c)) {
                if (inToken) {
                    args.add(current.toString());
                    current.setLength(0);
                    inToken = false;
                }
            } else if (c == '\\' && i + 1 < line.length()) {
                current.append(line.charAt(++i));
                inToken = true;
            } else {
                current.append(c);
                inToken = true;
            }
        }
        if (quote != 0) {
            throw new MagicException("The " + quote + " quote at column " + (quoteStart + 1) + " is never closed: "
                    + line + "\nClose it, or escape it with a backslash (\\" + quote + ") to pass it through as text.");
        }
        if (inToken) {
            args.add(current.toString());
        }
        return args;
    }

    /**
     * The whitespace-separated words that are not inside quotes, never failing: an open quote
     * swallows the rest of the line. Used to spot {@code --help} without parsing the line for real.
     */
    static List<String> unquotedWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quotedPart = false;
        char quote = 0;
        for (int i = 0; i <= line.length(); i++) {
            char c = i < line.length() ? line.charAt(i) : ' ';
            if (quote != 0) {
                if (c == quote || i == line.length()) {
                    quote = 0;
                }
                continue;
            }
            if (c == '"' || c == '\'') {
                quote = c;
                quotedPart = true;
            } else if (Character.isWhitespace(c)) {
                if (!quotedPart && current.length() > 0) {
                    words.add(current.toString());
                }
                current.setLength(0);
                quotedPart = false;
            } else {
                current.append(c);
            }
        }
        return words;
    }
}
