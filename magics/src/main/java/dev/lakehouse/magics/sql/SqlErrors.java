package dev.lakehouse.magics.sql;

import dev.lakehouse.magics.api.MagicException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.spark.QueryContext;
import org.apache.spark.QueryContextType;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.trees.Origin;

/**
 * Turns Spark's exceptions into what a notebook user needs: Spark's own message, the offending SQL
 * line with a caret under the position, "did you mean" for unknown tables, and no stack trace.
 */
public final class SqlErrors {
    private static final Pattern SQLSTATE = Pattern.compile("\\s*SQLSTATE: \\w+");
    private static final Pattern POSITION_SUFFIX = Pattern.compile(";?\\s*\\(?line \\d+,? pos(ition)? \\d+\\)?\\s*$");

    private SqlErrors() {}

    public static MagicException explain(Throwable error, String sql, SparkSession spark) {
        if (error instanceof MagicException magic) {
            return magic;
        }
        Throwable cause = mostSpecific(error);
        if (isCancellation(error)) {
            return new MagicException("Query cancelled.", error);
        }
        StringBuilder message = new StringBuilder(cleanMessage(cause));
        int[] span = span(cause, sql);
        if (span != null) {
            message.append('\n').append(caret(sql, span[0], span[1]));
        }
        if (cause instanceof SparkThrowable st && "TABLE_OR_VIEW_NOT_FOUND".equals(st.getCondition())) {
            String wanted = unquote(st.getMessageParameters().getOrDefault("relationName", ""));
            message.append('\n').append(TableNames.suggestion(spark, wanted));
        }
        return new MagicException(message.toString(), error);
    }

    /** The deepest Spark error in the chain: a failed job wraps the task's real error. */
    private static Throwable mostSpecific(Throwable error) {
        Throwable best = error;
        for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SparkThrowable st && st.getCondition() != null) {
                best = t;
            }
        }
        return best;
    }

    private static boolean isCancellation(Throwable error) {
        for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (t instanceof InterruptedException || m.contains("cancelled part of cancelled job group")
                    || m.contains("cancelled because SparkContext was shut down")) {
                return true;
            }
        }
        return false;
    }

    private static String cleanMessage(Throwable t) {
        String raw = t instanceof AnalysisException ae ? ae.getSimpleMessage() : String.valueOf(t.getMessage());
        for (String cut : List.of("\n== SQL", "\n\tat ", "\nDriver stacktrace:", "\nSee also '")) {
            int at = raw.indexOf(cut);
            if (at >= 0) {
                raw = raw.substring(0, at);
            }
        }
        String condition = t instanceof SparkThrowable st ? st.getCondition() : null;
        if ("TABLE_OR_VIEW_NOT_FOUND".equals(condition)) {
            int nl = raw.indexOf('\n'); // Spark appends generic advice; our suggestion is more specific
            raw = nl < 0 ? raw : raw.substring(0, nl);
        }
        raw = SQLSTATE.matcher(raw).replaceAll("");
        raw = POSITION_SUFFIX.matcher(raw.strip()).replaceAll("");
        if (condition == null && !(t instanceof SparkThrowable)) {
            raw = t.getClass().getSimpleName() + ": " + raw;
        }
        return raw.strip();
    }

    /** {start, stopInclusive} offsets into {@code sql}, or null when Spark gave no position. */
    static int[] span(Throwable t, String sql) {
        if (t instanceof ParseException pe) {
            Origin origin = pe.start();
            if (origin.line().isDefined() && origin.startPosition().isDefined()) {
                int offset = offsetOf(sql, (Integer) origin.line().get(), (Integer) origin.startPosition().get());
                return offset < 0 ? null : new int[] {offset, offset};
            }
            return null;
        }
        if (t instanceof SparkThrowable st) {
            for (QueryContext ctx : st.getQueryContext()) {
                if (ctx.contextType() == QueryContextType.SQL && ctx.startIndex() >= 0 && ctx.stopIndex() >= ctx.startIndex() && ctx.stopIndex() < sql.length()
                        && sql.substring(ctx.startIndex(), ctx.stopIndex() + 1).equals(ctx.fragment())) {
                    return new int[] {ctx.startIndex(), ctx.stopIndex()};
                }
            }
        }
        return null;
    }

    private static int offsetOf(String sql, int line, int column) {
        int offset = 0;
        for (int l = 1; l < line; l++) {
            int nl = sql.indexOf('\n', offset);
            if (nl < 0) {
                return -1;
            }
            offset = nl + 1;
        }
        return Math.min(offset + column, sql.length());
    }

    /** The line(s) holding the span, numbered, with carets under the span on its first line. */
    static String caret(String sql, int start, int stopInclusive) {
        int lineStart = sql.lastIndexOf('\n', Math.max(0, start - 1)) + 1;
        if (start == 0) {
            lineStart = 0;
        }
        int lineEnd = sql.indexOf('\n', start);
        if (lineEnd < 0) {
            lineEnd = sql.length();
        }
        int lineNumber = 1;
        for (int i = 0; i < lineStart; i++) {
            if (sql.charAt(i) == '\n') {
                lineNumber++;
            }
        }
        String line = sql.substring(lineStart, lineEnd).replace('\t', ' ');
        int column = start - lineStart;
        int width = Math.max(1, Math.min(stopInclusive, lineEnd - 1) - start + 1);
        String gutter = String.valueOf(lineNumber);
        return "  " + gutter + " | " + line + "\n"
                + "  " + " ".repeat(gutter.length()) + " | " + " ".repeat(Math.max(0, column)) + "^".repeat(width);
    }

    private static String unquote(String name) {
        List<String> parts = new ArrayList<>();
        for (String part : name.split("\\.")) {
            parts.add(part.replace("`", ""));
        }
        return String.join(".", parts);
    }
}
