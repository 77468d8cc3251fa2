package dev.lakehouse.magics.api;

/** Knobs a renderer honours; {@code maxRows} bounds how many rows a table shows. */
public record RenderOptions(int maxRows) {
    public static final int DEFAULT_MAX_ROWS = 20;

    public static RenderOptions defaults() {
        return new RenderOptions(DEFAULT_MAX_ROWS);
    }
}
