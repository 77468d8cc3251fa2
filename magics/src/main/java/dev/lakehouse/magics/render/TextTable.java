package dev.lakehouse.magics.render;

import java.util.ArrayList;
import java.util.List;

/** A fixed-width text table (name and type header rows) for consoles and nbconvert to text. */
public final class TextTable {
    private static final int MAX_WIDTH = 40;

    private TextTable() {}

    public static String render(TablePreview table) {
        List<ColumnHeader> columns = table.columns();
        if (columns.isEmpty()) {
            return "(no columns) " + table.summary();
        }
        List<List<String>> cells = new ArrayList<>();
        for (List<Object> row : table.rows()) {
            List<String> line = new ArrayList<>();
            for (Object v : row) {
                line.add(clip(v == null ? CellText.NULL : CellText.of(v)));
            }
            cells.add(line);
        }
        int[] widths = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            widths[i] = Math.max(clip(columns.get(i).name()).length(), clip(columns.get(i).type()).length());
            for (List<String> line : cells) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        appendLine(out, columns.stream().map(c -> clip(c.name())).toList(), widths, columns, false);
        appendLine(out, columns.stream().map(c -> clip(c.type())).toList(), widths, columns, false);
        for (int i = 0; i < widths.length; i++) {
            out.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
        }
        out.append('\n');
        for (List<String> line : cells) {
            appendLine(out, line, widths, columns, true);
        }
        out.append('(').append(table.summary()).append(')');
        return out.toString();
    }

    private static void appendLine(StringBuilder out, List<String> values, int[] widths,
                                   List<ColumnHeader> columns, boolean alignNumbers) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            String pad = " ".repeat(widths[i] - v.length());
            line.append(i == 0 ? "" : " | ");
            line.append(alignNumbers && columns.get(i).numeric() ? pad + v : v + pad);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private static String clip(String s) {
        String oneLine = s.replace("\r\n", "↵").replace('\n', '↵').replace('\r', '↵').replace('\t', ' ');
        return oneLine.length() > MAX_WIDTH ? oneLine.substring(0, MAX_WIDTH - 1) + "…" : oneLine;
    }
}
