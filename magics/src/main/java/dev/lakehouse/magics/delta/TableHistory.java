package dev.lakehouse.magics.delta;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_keys;
import static org.apache.spark.sql.functions.upper;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** DESCRIBE HISTORY made readable: newest first, parameters as one sorted line, metrics as columns. */
final class TableHistory {
    /** Parameters "k=v, k=v" sorted by key; expression ids such as {@code id#791} lose their "#791". */
    private static final String PARAMETERS = "array_join(transform(array_sort(map_entries(operationParameters)),"
            + " e -> concat(e.key, '=', coalesce(regexp_replace(e.value, '#[0-9]+', ''), 'NULL'))), ', ')";

    private TableHistory() {}

    record Query(int limit, List<String> operations, String since, boolean metrics) {
        static Query latest(int limit) {
            return new Query(limit, List.of(), null, false);
        }
    }

    static Dataset<Row> history(SparkSession spark, DeltaTableRef table, Query query) {
        Dataset<Row> history = spark.sql("DESCRIBE HISTORY " + table.sqlName());
        Column keep = operationFilter(query.operations());
        if (keep != null) {
            history = history.filter(keep);
        }
        if (query.since() != null) {
            Timestamp since = VersionSpec.parseTimestamp(spark, query.since());
            history = history.filter(col("timestamp").geq(lit(since)));
        }
        history = history.orderBy(col("version").desc()).limit(Math.max(1, query.limit()));
        List<Column> columns = new ArrayList<>(List.of(col("version"), col("timestamp"), col("operation"),
                expr(PARAMETERS).as("parameters")));
        if (query.metrics()) {
            List<String> keys = history.select(explode(map_keys(col("operationMetrics"))).as("k")).distinct()
                    .orderBy("k").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
            for (String key : keys) {
                columns.add(col("operationMetrics").getItem(key).try_cast("bigint").as(key));
            }
        }
        return history.select(columns.toArray(Column[]::new));
    }

    /** WRITE, MERGE... case-insensitive; "VACUUM" matches VACUUM START and END; "_" stands for a space. */
    private static Column operationFilter(List<String> operations) {
        Column keep = null;
        for (String entry : operations == null ? List.<String>of() : operations) {
            for (String part : entry.split(",")) {
                String op = part.strip().replace('_', ' ').toUpperCase(Locale.ROOT);
                if (op.isEmpty()) {
                    continue;
                }
                Column match = upper(col("operation")).equalTo(op).or(upper(col("operation")).startsWith(op + " "));
                keep = keep == null ? match : keep.or(match);
            }
        }
        return keep;
    }
}
