package dev.lakehouse.magics.render;

import dev.lakehouse.magics.api.DisplayData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The ways a {@link TablePreview} can be shown; {@code --format} picks one. */
public enum TableFormat {
    HTML, TEXT, JSON, CSV, MARKDOWN;

    public static TableFormat parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new dev.lakehouse.magics.api.MagicException("Unknown format '" + name
                    + "'. Use one of: html, text, json, csv, markdown.");
        }
    }

    public DisplayData display(TablePreview table) {
        return switch (this) {
            case HTML -> DisplayData.html(HtmlTable.render(table), TextTable.render(table));
            case TEXT -> DisplayData.text(TextTable.render(table));
            case JSON -> DisplayData.json(records(table), TextTable.render(table));
            case CSV -> DisplayData.text(csv(table)).with("text/csv", csv(table));
            case MARKDOWN -> DisplayData.markdown(markdown(table));
        };
    }

    /** Rows as JSON objects keyed by column name, values made JSON-safe. */
    public static List<Map<String, Object>> records(TablePreview table) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (List<Object> row : table.rows()) {
            Map<String, Object> record = new LinkedHashMap<>();
            for (int i = 0; i < table.columns().size(); i++) {
                record.put(table.columns().get(i).name(), JsonValues.of(row.get(i)));
            }
            records.add(record);
        }
        return records;
    }

    static String csv(TablePreview table) {
        StringBuilder out = new StringBuilder();
        out.append(String.join(",", table.columns().stream().map(c -> csvField(c.name())).toList())).append('\n');
        for (List<Object> row : table.rows()) {
            List<String> fields = new ArrayList<>();
            for (Object v : row) {
                fields.add(v == null ? "" : csvField(CellText.of(v)));
            }
            out.append(String.join(",", fields)).append('\n');
        }
        return out.toString();
    }

    private static String csvField(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    static String markdown(TablePreview table) {
        StringBuilder out = new StringBuilder();
        out.append('|');
        for (ColumnHeader c : table.columns()) {
            out.append(' ').append(markdownCell(c.name())).append(" (").append(markdownCell(c.type())).append(") |");
        }
        out.append("\n|");
        for (ColumnHeader c : table.columns()) {
            out.append(c.numeric() ? " ---: |" : " --- |");
        }
        out.append('\n');
        for (List<Object> row : table.rows()) {
            out.append('|');
            for (Object v : row) {
                out.append(' ').append(v == null ? "*NULL*" : markdownCell(CellText.of(v))).append(" |");
            }
            out.append('\n');
        }
        out.append("\n_").append(table.summary()).append("_\n");
        return out.toString();
    }

    private static String markdownCell(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '|', '\\', '*', '_', '`', '[', ']', '<', '>', '#' -> out.append('\\').append(c);
                case '\n', '\r' -> out.append(' ');
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
