package dev.lakehouse.kernel.engine;

/**
 * The functions every cell can call without a prefix ({@code display(df)}, {@code clearOutput()}...),
 * brought in by one static import at start-up. One import compiles once; the same functions declared
 * as JShell methods cost a javac round each, on the path to the first cell.
 */
public final class NotebookFunctions {
    private NotebookFunctions() {}

    /** Shows {@code value} with its richest renderer (HTML table, chart, image...); returns a handle to update it. */
    public static DisplayHandle display(Object value) {
        return NotebookBridge.display(value);
    }

    /** Shows {@code content} as {@code mimeType}, e.g. {@code display("text/html", "<b>hi</b>")}. */
    public static DisplayHandle display(String mimeType, String content) {
        return NotebookBridge.display(mimeType, content);
    }

    public static DisplayHandle displayHtml(String html) {
        return NotebookBridge.display("text/html", html);
    }

    public static DisplayHandle displayMarkdown(String markdown) {
        return NotebookBridge.display("text/markdown", markdown);
    }

    /** Replaces an earlier display, wherever it is in the notebook. */
    public static void updateDisplay(String displayId, Object value) {
        NotebookBridge.updateDisplay(displayId, value);
    }

    public static void updateDisplay(DisplayHandle handle, Object value) {
        NotebookBridge.updateDisplay(handle.id(), value);
    }

    /** Clears this cell's output; with {@code wait}, only when the next output arrives (no flicker). */
    public static void clearOutput(boolean wait) {
        NotebookBridge.clearOutput(wait);
    }

    public static void clearOutput() {
        NotebookBridge.clearOutput(false);
    }
}
