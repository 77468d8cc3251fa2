package dev.lakehouse.magics.plot;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.api.MagicException;
import dev.lakehouse.magics.api.Suggestions;
import dev.lakehouse.magics.render.ColumnHeader;
import dev.lakehouse.magics.render.TableFormat;
import dev.lakehouse.magics.render.TablePreview;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds Vega-Lite v5 specs with the data inline, so JupyterLab draws them natively and offline
 * (no CDN, unlike plotly). Specs are plain maps, ready for {@link DisplayData#vegaLite}.
 */
public final class VegaLiteCharts {
    public static final String SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

    private VegaLiteCharts() {}

    /** The chart as a display: the spec plus a one-line text description for text frontends. */
    public static DisplayData display(ChartKind kind, TablePreview data, String x, String y, String color, String title) {
        Map<String, Object> spec = spec(kind, data, x, y, color, title);
        String text = kind.name().toLowerCase(Locale.ROOT) + " chart of "
                + (kind == ChartKind.HIST ? "the distribution of " + x : y + " by " + x)
                + (color == null ? "" : ", coloured by " + color) + " (" + data.summary() + ")";
        return DisplayData.vegaLite(spec, text);
    }

    public static Map<String, Object> spec(ChartKind kind, TablePreview data, String x, String y, String color, String title) {
        if (x == null) {
            throw new MagicException("A " + kind.name().toLowerCase(Locale.ROOT) + " chart needs -x COLUMN.");
        }
        if (y == null && kind != ChartKind.HIST) {
            throw new MagicException("A " + kind.name().toLowerCase(Locale.ROOT) + " chart needs -y COLUMN (only hist works with -x alone).");
        }
        ColumnHeader xColumn = column(data, x);
        Map<String, Object> encoding = new LinkedHashMap<>();
        if (kind == ChartKind.HIST) {
            encoding.put("x", field(xColumn, "quantitative", Map.of("bin", Map.of("maxbins", 30))));
            encoding.put("y", Map.of("aggregate", "count", "type", "quantitative", "title", "count"));
        } else {
            String xType = kind == ChartKind.BAR && typeOf(xColumn).equals("quantitative") ? "ordinal" : typeOf(xColumn);
            encoding.put("x", field(xColumn, xType, Map.of()));
            ColumnHeader yColumn = column(data, y);
            encoding.put("y", field(yColumn, typeOf(yColumn), Map.of()));
        }
        if (color != null) {
            ColumnHeader colorColumn = column(data, color);
            encoding.put("color", field(colorColumn, typeOf(colorColumn), Map.of()));
        }
        Map<String, Object> mark = new LinkedHashMap<>();
        mark.put("type", kind.mark());
        mark.put("tooltip", true);
        if (kind == ChartKind.LINE) {
            mark.put("point", data.rows().size() <= 50);
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("$schema", SCHEMA);
        if (title != null) {
            spec.put("title", title);
        }
        spec.put("width", 480);
        spec.put("height", 300);
        spec.put("data", Map.of("values", TableFormat.records(data)));
        spec.put("mark", mark);
        spec.put("encoding", encoding);
        return spec;
    }

    private static Map<String, Object> field(ColumnHeader column, String type, Map<String, Object> extra) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("field", escapeField(column.name()));
        f.put("type", type);
        f.put("title", column.name());
        f.putAll(extra);
        return f;
    }

    /** Vega-Lite reads dots and brackets in a field name as nested access unless escaped. */
    static String escapeField(String name) {
        return name.replace("\\", "\\\\").replace(".", "\\.").replace("[", "\\[").replace("]", "\\]");
    }

    static String typeOf(ColumnHeader column) {
        if (column.numeric()) {
            return "quantitative";
        }
        String t = column.type().toLowerCase(Locale.ROOT);
        if (t.startsWith("date") || t.startsWith("timestamp") || t.startsWith("local_date") || t.equals("instant")) {
            return "temporal";
        }
        return "nominal";
    }

    private static ColumnHeader column(TablePreview data, String name) {
        for (ColumnHeader c : data.columns()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        for (ColumnHeader c : data.columns()) {
            if (c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        List<String> names = data.columns().stream().map(ColumnHeader::name).toList();
        List<String> close = Suggestions.closest(name, names, 3);
        throw new MagicException("No column '" + name + "' to plot. "
                + (close.isEmpty() ? "Columns: " + String.join(", ", names) + "." : "Did you mean: " + String.join(", ", close) + "?"));
    }
}
