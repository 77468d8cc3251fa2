package dev.lakehouse.export.params;

import java.util.Optional;

/** Java string literals: escaping for generated source and unescaping of literals read from cells. */
public final class JavaLiterals {

    private JavaLiterals() {
    }

    /**
     * A double-quoted Java literal for {@code value}. Control characters use octal escapes, never {@code \\u}:
     * javac translates unicode escapes before lexing, so {@code \\u000a} would end the literal.
     */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\%03o", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** The value of a complete double-quoted literal such as {@code "a\"b"}; empty if {@code literal} is not one. */
    public static Optional<String> unquote(String literal) {
        String text = literal.trim();
        if (text.length() < 2 || text.charAt(0) != '"' || text.charAt(text.length() - 1) != '"' || text.startsWith("\"\"\"")) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder();
        int end = text.length() - 1;
        int i = 1;
        while (i < end) {
            char c = text.charAt(i);
            if (c == '"' || c == '\n') {
                return Optional.empty();
            }
            if (c != '\\') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 >= end) {
                return Optional.empty();
            }
            char escaped = text.charAt(i + 1);
            i += 2;
            switch (escaped) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 's' -> out.append(' ');
                case '"', '\'', '\\' -> out.append(escaped);
                case 'u' -> {
                    while (i < end && text.charAt(i) == 'u') {
                        i++;
                    }
                    if (i + 4 > end) {
                        return Optional.empty();
                    }
                    try {
                        out.append((char) Integer.parseInt(text.substring(i, i + 4), 16));
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                    i += 4;
                }
                default -> {
                    if (escaped < '0' || escaped > '7') {
                        return Optional.empty();
                    }
                    int value = escaped - '0';
                    int maxDigits = escaped <= '3' ? 2 : 1;
                    for (int d = 0; d < maxDigits && i < end && text.charAt(i) >= '0' && text.charAt(i) <= '7'; d++) {
                        value = value * 8 + (text.charAt(i) - '0');
                        i++;
                    }
                    out.append((char) value);
                }
            }
        }
        return Optional.of(out.toString());
    }
}
