package dev.lakehouse.magics.render;

import java.util.List;
import java.util.OptionalLong;

/**
 * The first rows of a table, ready to show. {@code truncated} says more rows exist than
 * {@code rows} holds; {@code totalRows} is the exact total only when it was known for free (a local
 * table) or explicitly asked for (never a hidden count job).
 */
public record TablePreview(List<ColumnHeader> columns, List<List<Object>> rows, boolean truncated,
                           OptionalLong totalRows) {

    public TablePreview {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /** "3 rows", "showing 20 of 57 rows" or "showing 20 of more than 20 rows". */
    public String summary() {
        int shown = rows.size();
        if (totalRows.isPresent() && totalRows.getAsLong() > shown) {
            return "showing " + shown + " of " + totalRows.getAsLong() + " rows";
        }
        if (totalRows.isEmpty() && truncated) {
            return "showing " + shown + " of more than " + shown + " rows";
        }
        return shown == 1 ? "1 row" : shown + " rows";
    }

    public TablePreview withTotalRows(long total) {
        return new TablePreview(columns, rows, total > rows.size(), OptionalLong.of(total));
    }
}
