package dev.lakehouse.magics.sql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Just enough SQL lexing for the magic: it knows string literals, quoted identifiers and comments,
 * so that semicolons, colons and keywords inside them are never mistaken for structure.
 */
public final class SqlText {
    private SqlText() {}

    /** A statement and where it starts in the text it was cut from. */
    public record Statement(String sql, int offset) {}

    /** Splits on top-level semicolons; statements holding only blanks and comments are dropped. */
    public static List<Statement> statements(String sql) {
        List<Statement> result = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == ';') {
                addStatement(result, sql, start, i);
                start = i + 1;
                i++;
            } else {
                i = skipLiteralOrComment(sql, i);
            }
        }
        addStatement(result, sql, start, sql.length());
        return result;
    }

    private static void addStatement(List<Statement> out, String sql, int from, int to) {
        String piece = sql.substring(from, to);
        if (!stripComments(piece).isBlank()) {
            int lead = 0;
            while (lead < piece.length() && Character.isWhitespace(piece.charAt(lead))) {
                lead++;
            }
            out.add(new Statement(piece.substring(lead).stripTrailing(), from + lead));
        }
    }

    /** Names of {@code :name} parameter markers, in order of first use; {@code ::} casts are not markers. */
    public static Set<String> parameterNames(String sql) {
        Set<String> names = new LinkedHashSet<>();
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == ':' && i + 1 < sql.length() && sql.charAt(i + 1) == ':') {
                i += 2;
            } else if (c == ':' && i + 1 < sql.length() && Character.isJavaIdentifierStart(sql.charAt(i + 1))
                    && (i == 0 || sql.charAt(i - 1) != ':')) {
                int end = i + 1;
                while (end < sql.length() && Character.isJavaIdentifierPart(sql.charAt(end))) {
                    end++;
                }
                names.add(sql.substring(i + 1, end));
                i = end;
            } else {
                i = skipLiteralOrComment(sql, i);
            }
        }
        return names;
    }

    /** The text with comments removed (literals kept), for keyword checks. */
    public static String stripComments(String sql) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < sql.length()) {
            int next = skipLiteralOrComment(sql, i);
            if (isCommentStart(sql, i)) {
                out.append(' ');
            } else {
                out.append(sql, i, next);
            }
            i = next;
        }
        return out.toString();
    }

    /** The first word of the statement, upper-cased, ignoring comments ("SELECT", "WITH", ...). */
    public static String firstKeyword(String sql) {
        String s = stripComments(sql).stripLeading();
        int end = 0;
        while (end < s.length() && Character.isLetter(s.charAt(end))) {
            end++;
        }
        return s.substring(0, end).toUpperCase(Locale.ROOT);
    }

    /** Index just after a leading {@code WITH} keyword (comments allowed before it), or -1. */
    public static int afterLeadingWith(String sql) {
        int i = 0;
        while (i < sql.length()) {
            if (Character.isWhitespace(sql.charAt(i))) {
                i++;
            } else if (isCommentStart(sql, i)) {
                i = skipLiteralOrComment(sql, i);
            } else {
                break;
            }
        }
        if (sql.regionMatches(true, i, "WITH", 0, 4)
                && (i + 4 == sql.length() || !Character.isJavaIdentifierPart(sql.charAt(i + 4)))) {
            return i + 4;
        }
        return -1;
    }

    /** True when {@code position} lies inside a string literal, quoted identifier or comment. */
    public static boolean insideLiteralOrComment(String sql, int position) {
        int i = 0;
        while (i < sql.length() && i < position) {
            int next = skipLiteralOrComment(sql, i);
            if (next > i + 1 && position > i && position < next) {
                return true;
            }
            if (next > i + 1 && position == next && next == sql.length() && !closes(sql, i, next)) {
                return true;
            }
            i = next;
        }
        return false;
    }

    private static boolean closes(String sql, int start, int end) {
        if (sql.startsWith("--", start)) {
            return false; // a line comment runs to the end of the line
        }
        if (sql.startsWith("/*", start)) {
            return sql.startsWith("*/", end - 2) && end - start >= 4;
        }
        return end - start >= 2 && sql.charAt(end - 1) == sql.charAt(start);
    }

    private static boolean isCommentStart(String sql, int i) {
        return sql.startsWith("--", i) || sql.startsWith("/*", i);
    }

    /** From {@code i}, returns the index after the literal/comment starting there, or {@code i + 1}. */
    static int skipLiteralOrComment(String sql, int i) {
        char c = sql.charAt(i);
        if (c == '\'' || c == '"' || c == '`') {
            int j = i + 1;
            while (j < sql.length()) {
                char d = sql.charAt(j);
                if (d == '\\' && c != '`') {
                    j += 2;
                } else if (d == c) {
                    if (j + 1 < sql.length() && sql.charAt(j + 1) == c) {
                        j += 2; // doubled quote inside the literal
                    } else {
                        return j + 1;
                    }
                } else {
                    j++;
                }
            }
            return sql.length();
        }
        if (sql.startsWith("--", i)) {
            int nl = sql.indexOf('\n', i);
            return nl < 0 ? sql.length() : nl;
        }
        if (sql.startsWith("/*", i)) {
            int end = sql.indexOf("*/", i + 2);
            return end < 0 ? sql.length() : end + 2;
        }
        return i + 1;
    }
}
