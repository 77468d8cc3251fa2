package dev.lakehouse.magics.spark;

import dev.lakehouse.magics.api.DisplayData;

/** Where a cell's Spark progress goes: the kernel shows it once and then updates it in place. */
public interface ProgressSink {
    /** Shows a new display and returns its display id. */
    String show(DisplayData display);

    void update(String displayId, DisplayData display);
}
