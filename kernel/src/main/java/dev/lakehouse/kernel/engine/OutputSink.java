package dev.lakehouse.kernel.engine;

import dev.lakehouse.magics.api.DisplayData;

/**
 * Where a cell's outputs go: the Jupyter kernel publishes them on iopub, the headless runner
 * writes them into the output notebook. Calls may come from any thread.
 */
public interface OutputSink {
    void stream(String name, String text);

    /** {@code displayId} may be null; {@code update} replaces an earlier display with that id. */
    void display(DisplayData data, String displayId, boolean update);

    void clearOutput(boolean wait);
}
