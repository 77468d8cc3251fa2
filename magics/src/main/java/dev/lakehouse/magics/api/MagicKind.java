package dev.lakehouse.magics.api;

/** Whether a magic is used as {@code %name} (line), {@code %%name} (cell) or both. */
public enum MagicKind {
    LINE, CELL, LINE_AND_CELL;

    public boolean allowsLine() {
        return this != CELL;
    }

    public boolean allowsCell() {
        return this != LINE;
    }
}
