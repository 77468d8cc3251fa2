package dev.lakehouse.kernel.engine;

import dev.lakehouse.magics.api.DisplayData;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.SparkSession;

/**
 * The static entry points cells call (through {@link NotebookFunctions}, statically imported at
 * start-up: {@code display}, {@code updateDisplay}, {@code clearOutput}...). They find the cell they
 * belong to through the {@link OutputRouter}, so a display from a background thread lands in
 * the cell that started the thread.
 */
public final class NotebookBridge {
    private static volatile NotebookEngine engine;
    private static final Map<String, Object> handOver = new ConcurrentHashMap<>();

    private NotebookBridge() {}

    static void attach(NotebookEngine e) {
        engine = e;
    }

    private static CellOutput cell() {
        NotebookEngine e = engine;
        CellOutput c = e == null ? null : e.router().current();
        if (c == null) {
            throw new IllegalStateException("display() called outside of a running cell");
        }
        return c;
    }

    public static DisplayHandle display(Object value) {
        return new DisplayHandle(cell().display(engine.render(value)));
    }

    public static DisplayHandle display(String mimeType, String content) {
        return new DisplayHandle(cell().display(new DisplayData().with(DisplayData.TEXT, content).with(mimeType, content)));
    }

    public static void updateDisplay(String displayId, Object value) {
        cell().updateDisplay(displayId, engine.render(value));
    }

    public static void clearOutput(boolean wait) {
        cell().clearOutput(wait);
    }

    public static SparkSession spark() {
        return engine.spark();
    }

    /** Used by the kernel to pass a Java object into a variable declaration it evaluates. */
    public static void put(String key, Object value) {
        handOver.put(key, value == null ? NULL : value);
    }

    public static Object take(String key) {
        Object value = handOver.remove(key);
        return value == NULL ? null : value;
    }

    private static final Object NULL = new Object();
}
