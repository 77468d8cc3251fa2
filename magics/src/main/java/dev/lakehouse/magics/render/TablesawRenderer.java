package dev.lakehouse.magics.render;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.api.RenderOptions;
import dev.lakehouse.magics.api.Renderer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Shows a Tablesaw {@link Table} exactly like a Dataset: typed header, escaped values, row note. */
public final class TablesawRenderer implements Renderer {
    @Override
    public boolean supports(Object value) {
        return value instanceof Table;
    }

    @Override
    public DisplayData render(Object value, RenderOptions options) {
        return TableFormat.HTML.display(preview((Table) value, options.maxRows()));
    }

    @Override
    public int priority() {
        return 100;
    }

    /** The row count of a local table is free, so the note gives the exact total. */
    public static TablePreview preview(Table table, int maxRows) {
        int shown = Math.min(Math.max(0, maxRows), table.rowCount());
        List<ColumnHeader> headers = new ArrayList<>();
        for (Column<?> column : table.columns()) {
            headers.add(new ColumnHeader(column.name(), column.type().name().toLowerCase(Locale.ROOT),
                    isNumeric(column.type())));
        }
        List<List<Object>> rows = new ArrayList<>();
        for (int r = 0; r < shown; r++) {
            List<Object> values = new ArrayList<>();
            for (Column<?> column : table.columns()) {
                values.add(column.isMissing(r) ? null : column.get(r));
            }
            rows.add(values);
        }
        return new TablePreview(headers, rows, table.rowCount() > shown, OptionalLong.of(table.rowCount()));
    }

    static boolean isNumeric(ColumnType type) {
        return type == ColumnType.INTEGER || type == ColumnType.LONG || type == ColumnType.SHORT
                || type == ColumnType.DOUBLE || type == ColumnType.FLOAT;
    }
}
