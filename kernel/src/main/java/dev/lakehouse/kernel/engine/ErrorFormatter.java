package dev.lakehouse.kernel.engine;

import dev.lakehouse.kernel.engine.CellResult.CellError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.Snippet;

/**
 * Turns compile errors and exceptions into what a person wants to read: the offending line of
 * the cell with a caret under the problem, and a stack trace cut at the cell's own frame.
 */
final class ErrorFormatter {
    private static final String RED = "\u001b[0;31m";
    private static final String BOLD = "\u001b[1m";
    private static final String RESET = "\u001b[0m";
    private static final int MAX_FRAMES = 25;

    private ErrorFormatter() {}

    static CellError compileError(String cell, int snippetOffset, Snippet snippet, List<Diag> diags) {
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Diag d : diags) {
            if (!d.isError()) {
                continue;
            }
            String message = d.getMessage(Locale.ROOT);
            if (first == null) {
                first = message.lines().findFirst().orElse(message);
            }
            int position = (int) Math.max(0, d.getPosition() < 0 ? d.getStartPosition() : d.getPosition());
            int inCell = locate(cell, snippetOffset, snippet.source(), position);
            lines.add(RED + BOLD + "error: " + RESET + message);
            lines.addAll(pointAt(cell, inCell));
        }
        if (first == null) {
            first = "the snippet was rejected";
            lines.add(first);
        }
        return new CellError("CompilationError", first, lines);
    }

    static CellError incomplete(String cell, int offset) {
        List<String> lines = new ArrayList<>();
        lines.add(RED + BOLD + "error: " + RESET + "reached end of cell while parsing (a bracket, brace or string is not closed)");
        lines.addAll(pointAt(cell, Math.min(offset, Math.max(0, cell.length() - 1))));
        return new CellError("CompilationError", "reached end of cell while parsing", lines);
    }

    /** Maps a position in the snippet's source back into the cell (JShell may add a semicolon). */
    private static int locate(String cell, int snippetOffset, String snippetSource, int position) {
        return Math.min(cell.length(), snippetOffset + Math.min(position, snippetSource.length()));
    }

    private static List<String> pointAt(String cell, int index) {
        int lineStart = cell.lastIndexOf('\n', Math.max(0, index - 1)) + 1;
        if (index < lineStart) {
            lineStart = 0;
        }
        int lineEnd = cell.indexOf('\n', index);
        if (lineEnd < 0) {
            lineEnd = cell.length();
        }
        int lineNumber = 1 + (int) cell.substring(0, lineStart).chars().filter(c -> c == '\n').count();
        String line = cell.substring(lineStart, lineEnd);
        String prefix = String.format("%4d | ", lineNumber);
        StringBuilder caret = new StringBuilder(" ".repeat(prefix.length()));
        for (int i = lineStart; i < index && i - lineStart < line.length(); i++) {
            caret.append(line.charAt(i - lineStart) == '\t' ? '\t' : ' ');
        }
        caret.append(RED).append('^').append(RESET);
        return List.of(prefix + line, caret.toString());
    }

    /** Spark puts whole executor stack traces into messages: keep the first lines only. */
    static String shortMessage(String message) {
        if (message == null) {
            return "";
        }
        String[] lines = message.split("\n");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.length && i < 4; i++) {
            if (lines[i].startsWith("\tat ")) {
                break;
            }
            sb.append(i == 0 ? "" : "\n").append(lines[i]);
        }
        return sb.length() > 2000 ? sb.substring(0, 2000) + " ..." : sb.toString();
    }

    /** An exception thrown by cell code: JShell's {@link EvalException} or the engine's {@link ExecutionControl.UserException}. */
    static CellError runtimeError(Throwable e) {
        String name = exceptionName(e);
        String message = shortMessage(e.getMessage());
        List<String> lines = new ArrayList<>();
        lines.add(RED + BOLD + name + RESET + (message.isEmpty() ? "" : ": " + message));
        appendFrames(lines, e.getStackTrace());
        Throwable cause = e.getCause();
        int depth = 0;
        while (cause != null && depth++ < 5) {
            lines.add("Caused by: " + exceptionName(cause) + (cause.getMessage() == null ? "" : ": " + shortMessage(cause.getMessage())));
            appendFrames(lines, cause.getStackTrace());
            cause = cause.getCause();
        }
        return new CellError(name, message, lines);
    }

    /** The class of the exception the cell threw (JShell and the engine carry it by name). */
    private static String exceptionName(Throwable t) {
        if (t instanceof EvalException eval) {
            return eval.getExceptionClassName();
        }
        if (t instanceof ExecutionControl.UserException user) {
            return user.causeExceptionClass();
        }
        return t.getClass().getName();
    }

    static CellError fromThrowable(Throwable t) {
        List<String> lines = new ArrayList<>();
        String message = shortMessage(t.getMessage());
        lines.add(RED + BOLD + t.getClass().getName() + RESET + (message.isEmpty() ? "" : ": " + message));
        appendFrames(lines, t.getStackTrace());
        return new CellError(t.getClass().getName(), message, lines);
    }

    /** Frames down to the cell's top level; kernel and reflection frames below it are noise. */
    private static void appendFrames(List<String> lines, StackTraceElement[] frames) {
        int shown = 0;
        for (StackTraceElement f : frames) {
            // JShell blanks the class of snippet frames and names the file "#<snippet id>".
            boolean inCell = f.getFileName() != null && f.getFileName().startsWith("#");
            boolean cellTop = inCell && (f.getMethodName().isEmpty() || f.getMethodName().equals("do_it$"));
            String where = inCell
                    ? (cellTop ? "<cell>" : f.getMethodName()) + " (cell line " + f.getLineNumber() + ")"
                    : f.toString();
            if (shown++ >= MAX_FRAMES) {
                lines.add("\t... more frames hidden");
                return;
            }
            lines.add("\tat " + where);
            if (cellTop) {
                return;
            }
        }
    }
}
