package dev.lakehouse.kernel.engine;

import dev.lakehouse.magics.api.DisplayData;

/** Discards outputs: for silent execute requests. */
final class NullSink implements OutputSink {
    static final NullSink INSTANCE = new NullSink();

    @Override
    public void stream(String name, String text) {}

    @Override
    public void display(DisplayData data, String displayId, boolean update) {}

    @Override
    public void clearOutput(boolean wait) {}
}
