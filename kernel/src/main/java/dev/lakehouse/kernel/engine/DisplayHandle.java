package dev.lakehouse.kernel.engine;

/**
 * What {@code display(x)} returns in a cell: the display's id, for {@code updateDisplay}. A cell
 * ending in {@code display(x)} shows the display only, not the handle as a value.
 */
public record DisplayHandle(String id) {
    @Override
    public String toString() {
        return id;
    }
}
