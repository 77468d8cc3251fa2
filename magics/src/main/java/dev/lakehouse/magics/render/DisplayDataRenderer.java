package dev.lakehouse.magics.render;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.api.RenderOptions;
import dev.lakehouse.magics.api.Renderer;

/** A value that already is a MIME bundle is shown as it is. */
public final class DisplayDataRenderer implements Renderer {
    @Override
    public boolean supports(Object value) {
        return value instanceof DisplayData;
    }

    @Override
    public DisplayData render(Object value, RenderOptions options) {
        return (DisplayData) value;
    }

    @Override
    public int priority() {
        return 1000;
    }
}
