package dev.lakehouse.magics.api;

import java.util.Optional;

/**
 * Recognises a magic at the start of a cell: {@code %%name args\nbody} (cell magic) or a cell
 * whose lines are {@code %name args} (line magics, possibly mixed with code — see the kernel).
 */
public final class MagicCall {
    private MagicCall() {}

    /** Parses {@code %%name args\nbody}; empty if the cell does not start with a cell magic. */
    public static Optional<MagicInvocation> parseCellMagic(String cell) {
        String trimmed = stripLeadingBlankLines(cell);
        if (!trimmed.startsWith("%%")) {
            return Optional.empty();
        }
        int newline = trimmed.indexOf('\n');
        String header = newline < 0 ? trimmed.substring(2) : trimmed.substring(2, newline);
        String body = newline < 0 ? "" : trimmed.substring(newline + 1);
        return Optional.of(invocation(header, body));
    }

    /** Parses one {@code %name args} line; empty if the line is not a line magic. */
    public static Optional<MagicInvocation> parseLineMagic(String line) {
        String trimmed = line.strip();
        if (!trimmed.startsWith("%") || trimmed.startsWith("%%") || trimmed.length() < 2
                || !Character.isJavaIdentifierStart(trimmed.charAt(1))) {
            return Optional.empty();
        }
        return Optional.of(invocation(trimmed.substring(1), null));
    }

    private static MagicInvocation invocation(String header, String body) {
        String h = header.strip();
        int space = indexOfWhitespace(h);
        String name = space < 0 ? h : h.substring(0, space);
        String rawArgs = space < 0 ? "" : h.substring(space + 1).strip();
        return new MagicInvocation(name, rawArgs, body);
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) return i;
        }
        return -1;
    }

    private static String stripLeadingBlankLines(String s) {
        int i = 0;
        while (i < s.length()) {
            int nl = s.indexOf('\n', i);
            String line = nl < 0 ? s.substring(i) : s.substring(i, nl);
            if (!line.isBlank()) break;
            if (nl < 0) return "";
            i = nl + 1;
        }
        return s.substring(i);
    }
}
