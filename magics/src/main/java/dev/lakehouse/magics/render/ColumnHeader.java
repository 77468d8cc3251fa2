package dev.lakehouse.magics.render;

/** A column as a table header shows it: its name, its type, and whether values align right. */
public record ColumnHeader(String name, String type, boolean numeric) {}
