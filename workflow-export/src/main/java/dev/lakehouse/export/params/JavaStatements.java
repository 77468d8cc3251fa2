package dev.lakehouse.export.params;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits Java snippet source into top-level statements (at {@code ;} outside brackets, strings and comments), with
 * comments removed. Just enough lexing for a parameters cell; not a Java parser.
 */
final class JavaStatements {

    /** A statement's text (trimmed, comments replaced by a space, no trailing {@code ;}) and its first line (1-based). */
    record Statement(String text, int line) {
    }

    private JavaStatements() {
    }

    static List<Statement> split(String source) {
        List<Statement> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int line = 1;
        int startLine = -1;
        int depth = 0;
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '/' && i + 1 < source.length() && source.charAt(i + 1) == '/') {
                while (i < source.length() && source.charAt(i) != '\n') {
                    i++;
                }
                current.append(' ');
                continue;
            }
            if (c == '/' && i + 1 < source.length() && source.charAt(i + 1) == '*') {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? source.length() : end + 2;
                line += count(source, i, end, '\n');
                current.append(' ');
                i = end;
                continue;
            }
            if (!Character.isWhitespace(c) && startLine < 0) {
                startLine = line;
            }
            if (c == '"' || c == '\'') {
                int end = literalEnd(source, i);
                line += count(source, i, end, '\n');
                current.append(source, i, end);
                i = end;
                continue;
            }
            if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if (c == ')' || c == '}' || c == ']') {
                depth = Math.max(0, depth - 1);
            } else if (c == ';' && depth == 0) {
                add(statements, current, startLine);
                startLine = -1;
                i++;
                continue;
            }
            if (c == '\n') {
                line++;
            }
            current.append(c);
            i++;
        }
        add(statements, current, startLine);
        return statements;
    }

    private static void add(List<Statement> statements, StringBuilder text, int line) {
        String statement = text.toString().trim();
        if (!statement.isEmpty()) {
            statements.add(new Statement(statement, line));
        }
        text.setLength(0);
    }

    /** Index just past the string, text block or char literal starting at {@code start}. */
    private static int literalEnd(String source, int start) {
        if (source.startsWith("\"\"\"", start)) {
            int end = source.indexOf("\"\"\"", start + 3);
            return end < 0 ? source.length() : end + 3;
        }
        char quote = source.charAt(start);
        int i = start + 1;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == quote || c == '\n') {
                return i + 1;
            }
            i++;
        }
        return source.length();
    }

    private static int count(String text, int from, int to, char wanted) {
        int n = 0;
        for (int i = from; i < Math.min(to, text.length()); i++) {
            if (text.charAt(i) == wanted) {
                n++;
            }
        }
        return n;
    }
}
