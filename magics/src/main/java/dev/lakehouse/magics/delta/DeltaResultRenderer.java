package dev.lakehouse.magics.delta;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.api.RenderOptions;
import dev.lakehouse.magics.api.Renderer;

/** Shows {@link DeltaResult}s (diffs, restore and vacuum plans...) when a cell evaluates to one. */
public final class DeltaResultRenderer implements Renderer {
    @Override
    public boolean supports(Object value) {
        return value instanceof DeltaResult;
    }

    @Override
    public DisplayData render(Object value, RenderOptions options) {
        return ((DeltaResult) value).toDisplayData(options.maxRows());
    }

    @Override
    public int priority() {
        return 200;
    }
}
