package dev.lakehouse.magics.delta;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.render.ColumnHeader;
import dev.lakehouse.magics.render.DatasetRenderer;
import dev.lakehouse.magics.render.Html;
import dev.lakehouse.magics.render.HtmlTable;
import dev.lakehouse.magics.render.TablePreview;
import dev.lakehouse.magics.render.TextTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;

/**
 * Output made of a title, sentences and tables, rendered both as escaped HTML and as plain text.
 * Every value goes through {@link Html#escape}; tables use the shared typed table renderers.
 */
final class DeltaReport {
    private final StringBuilder html = new StringBuilder();
    private final StringBuilder text = new StringBuilder();

    DeltaReport(String title) {
        html.append("<div class=\"lakehouse-delta\">\n<h4>").append(Html.escape(title)).append("</h4>\n");
        text.append(title).append('\n');
    }

    DeltaReport line(String sentence) {
        html.append("<p>").append(Html.escape(sentence)).append("</p>\n");
        text.append(sentence).append('\n');
        return this;
    }

    /** A sentence shown as a warning (bold in HTML, "!" in text). */
    DeltaReport warning(String sentence) {
        html.append("<p><b>").append(Html.escape(sentence)).append("</b></p>\n");
        text.append("! ").append(sentence).append('\n');
        return this;
    }

    DeltaReport heading(String heading) {
        html.append("<h5>").append(Html.escape(heading)).append("</h5>\n");
        text.append('\n').append(heading).append('\n');
        return this;
    }

    DeltaReport table(TablePreview table) {
        html.append(HtmlTable.render(table)).append('\n');
        text.append(TextTable.render(table)).append('\n');
        return this;
    }

    /** The first {@code maxRows} rows of a Dataset (one limited job; no count). */
    DeltaReport table(Dataset<?> rows, int maxRows) {
        return table(DatasetRenderer.preview(rows, maxRows));
    }

    /** The first {@code maxRows} rows of a Dataset whose row count is already known. */
    DeltaReport table(Dataset<?> rows, int maxRows, long totalRows) {
        return table(DatasetRenderer.preview(rows, maxRows).withTotalRows(totalRows));
    }

    /** A two-column "name | value" table. */
    DeltaReport keyValues(Map<String, ?> entries) {
        List<List<Object>> rows = new ArrayList<>();
        entries.forEach((k, v) -> rows.add(Arrays.asList(k, v)));
        return table(new TablePreview(List.of(new ColumnHeader("property", "string", false),
                new ColumnHeader("value", "string", false)), rows, false, OptionalLong.of(rows.size())));
    }

    DisplayData build() {
        return DisplayData.html(html + "</div>", text.toString().stripTrailing());
    }
}
