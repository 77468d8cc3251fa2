package dev.lakehouse.magics.render;

import java.util.List;

/**
 * A typed, escaped HTML table. Uses the {@code dataframe} class so JupyterLab styles it like a
 * pandas frame; the only markup comes from here, every value goes through {@link Html#escape}.
 */
public final class HtmlTable {
    private static final String TYPE_STYLE = "font-weight:normal;font-size:smaller;opacity:0.65";
    private static final String NULL_STYLE = "font-style:italic;opacity:0.5";

    private HtmlTable() {}

    public static String render(TablePreview table) {
        StringBuilder html = new StringBuilder(256 + table.rows().size() * 64);
        html.append("<div class=\"lakehouse-table\">\n<table class=\"dataframe\" border=\"1\">\n<thead><tr>");
        for (ColumnHeader c : table.columns()) {
            html.append("<th>").append(Html.escape(c.name()))
                    .append("<br/><span style=\"").append(TYPE_STYLE).append("\">")
                    .append(Html.escape(c.type())).append("</span></th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (List<Object> row : table.rows()) {
            html.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                Object v = row.get(i);
                boolean right = table.columns().get(i).numeric();
                html.append(right ? "<td style=\"text-align:right\">" : "<td>");
                if (v == null) {
                    html.append("<span style=\"").append(NULL_STYLE).append("\">")
                            .append(CellText.NULL).append("</span>");
                } else {
                    html.append(Html.escape(CellText.of(v)));
                }
                html.append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n<p style=\"font-size:smaller;opacity:0.7\">")
                .append(Html.escape(table.summary())).append("</p>\n</div>");
        return html.toString();
    }
}
