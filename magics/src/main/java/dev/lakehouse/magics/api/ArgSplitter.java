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
            throw new MagicException("Unclosed " + quote + " quote in: " + line);
        }
        if (inToken) {
            args.add(current.toString());
        }
        return args;
    }
}
