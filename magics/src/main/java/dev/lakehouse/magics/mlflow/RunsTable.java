package dev.lakehouse.magics.mlflow;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.render.ColumnHeader;
import dev.lakehouse.magics.render.TableFormat;
import dev.lakehouse.magics.render.TablePreview;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;

/** Runs as a table: identity and state, then one column per metric and per param seen in any run. */
final class RunsTable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private RunsTable() {}

    static DisplayData of(List<Run> runs, boolean truncated) {
        TreeSet<String> metricKeys = new TreeSet<>();
        TreeSet<String> paramKeys = new TreeSet<>();
        runs.forEach(r -> {
            metricKeys.addAll(r.metrics().keySet());
            paramKeys.addAll(r.params().keySet());
        });
        List<ColumnHeader> columns = new ArrayList<>(List.of(text("run_id"), text("name"), text("status"),
                text("start_time"), new ColumnHeader("duration_s", "double", true)));
        metricKeys.forEach(k -> columns.add(new ColumnHeader("metrics." + k, "double", true)));
        paramKeys.forEach(k -> columns.add(text("params." + k)));
        List<List<Object>> rows = new ArrayList<>();
        for (Run r : runs) {
            List<Object> row = new ArrayList<>(Arrays.asList(r.id(), r.name(), r.status().name(),
                    r.startTime() > 0 ? TIME.format(Instant.ofEpochMilli(r.startTime())) : null,
                    r.endTime() > 0 ? (r.endTime() - r.startTime()) / 1000.0 : null));
            metricKeys.forEach(k -> row.add(r.metrics().get(k)));
            paramKeys.forEach(k -> row.add(r.params().get(k)));
            rows.add(row);
        }
        TablePreview table = new TablePreview(columns, rows, truncated, truncated ? OptionalLong.empty() : OptionalLong.of(rows.size()));
        return TableFormat.HTML.display(table);
    }

    private static ColumnHeader text(String name) {
        return new ColumnHeader(name, "string", false);
    }
}
