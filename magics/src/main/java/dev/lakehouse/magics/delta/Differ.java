package dev.lakehouse.magics.delta;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.lakehouse.magics.api.MagicException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Computes a {@link TableDiff}. With the change data feed recorded for every commit in the range
 * it reads only the changed rows; otherwise it compares the two snapshots. Either way the result
 * is the net difference: a row inserted and deleted again in between does not show.
 *
 * <p>Net changes from the feed: rows removed (delete, update_preimage) EXCEPT ALL rows added
 * (insert, update_postimage) are the deleted rows, and the other way round the inserted ones —
 * the same multiset difference a snapshot comparison gives.
 */
final class Differ {
    static final String SIDE = "__lakehouse_diff_side";
    private static final List<String> CDF_COLUMNS = List.of("_change_type", "_commit_version", "_commit_timestamp");

    /** Rows removed and added between two versions, as found; may hold rows added and removed again. */
    private record Changes(Dataset<Row> removed, Dataset<Row> added, TableDiff.Method method) {}

    private Differ() {}

    static TableDiff diff(SparkSession spark, DeltaTableRef table, long from, long to, List<String> keys) {
        DeltaLogFiles log = DeltaLogFiles.list(spark, table);
        HistoricalReads.checkInLog(table, log, from);
        HistoricalReads.checkInLog(table, log, to);
        List<String> notes = new ArrayList<>();
        Changes feed = from < to ? fromChangeFeed(spark, table, log, from, to, notes) : null;
        if (feed != null) {
            try {
                return compare(table, from, to, keys, feed, notes);
            } catch (Exception e) {
                // Delta checks that the feed covers the range only when the scan runs.
                if (!ChangeFeed.isNotRecorded(e)) {
                    throw e;
                }
                if (ChangeFeed.everEnabled(spark, table)) {
                    notes.add("The change data feed was not recorded for every version in " + (from + 1) + "–" + to
                            + ", so the two snapshots were compared instead.");
                }
            }
        }
        return compare(table, from, to, keys, fromSnapshots(spark, table, from, to, notes), notes);
    }

    private static TableDiff compare(DeltaTableRef table, long from, long to, List<String> keys, Changes changes,
                                     List<String> notes) {
        StructType schema = changes.added().schema();
        List<String> keyColumns = keyColumns(schema, keys);
        Dataset<Row> tagged = netChanges(changes.removed(), changes.added()).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            return pairUp(table, from, to, keyColumns, changes.method(), tagged, schema, notes);
        } catch (Exception e) {
            tagged.unpersist();
            throw e;
        }
    }

    /**
     * The net difference in one aggregation: each distinct row weighs -1 per removal and +1 per
     * addition; rows weighing n != 0 come out |n| times, tagged "after" (inserted) or "before"
     * (deleted). The same multiset difference as EXCEPT ALL both ways, with one shuffle instead of two.
     */
    static Dataset<Row> netChanges(Dataset<Row> removed, Dataset<Row> added) {
        String weight = "__lakehouse_diff_weight";
        Column[] data = columns(added.schema());
        Dataset<Row> weighted = removed.withColumn(weight, lit(-1L)).unionByName(added.withColumn(weight, lit(1L)));
        return weighted.groupBy(data).agg(sum(col(weight)).as(weight))
                .filter(col(weight).notEqual(0))
                .withColumn(SIDE, when(col(weight).gt(0), "after").otherwise("before"))
                .withColumn(weight, explode(sequence(lit(1L), abs(col(weight)))))
                .drop(weight);
    }

    private static TableDiff pairUp(DeltaTableRef table, long from, long to, List<String> keyColumns,
                                    TableDiff.Method method, Dataset<Row> tagged, StructType schema, List<String> notes) {
        Column isBefore = col(SIDE).equalTo("before");
        Dataset<Row> before = tagged.filter(isBefore).drop(SIDE);
        Dataset<Row> after = tagged.filter(isBefore.unary_$bang()).drop(SIDE);
        if (keyColumns.isEmpty()) {
            TableDiff.Counts counts = countWithoutKeys(tagged, isBefore);
            return new TableDiff(table.display(), from, to, method, keyColumns, after, before, null,
                    counts, notes, tagged, schema);
        }
        Dataset<Row> b = before.as("b");
        Dataset<Row> a = after.as("a");
        Column sameKey = null;
        for (String k : keyColumns) {
            Column eq = col("b." + quote(k)).eqNullSafe(col("a." + quote(k)));
            sameKey = sameKey == null ? eq : sameKey.and(eq);
        }
        List<Column> pairColumns = new ArrayList<>();
        for (StructField f : schema.fields()) {
            if (keyColumns.contains(f.name())) {
                pairColumns.add(col("b." + quote(f.name())).as(f.name()));
            }
        }
        for (StructField f : schema.fields()) {
            if (!keyColumns.contains(f.name())) {
                pairColumns.add(col("b." + quote(f.name())).as("before_" + f.name()));
                pairColumns.add(col("a." + quote(f.name())).as("after_" + f.name()));
            }
        }
        Dataset<Row> updated = b.join(a, sameKey, "inner").select(pairColumns.toArray(Column[]::new));
        Dataset<Row> insertedOnly = a.join(b, sameKey, "left_anti");
        Dataset<Row> deletedOnly = b.join(a, sameKey, "left_anti");
        TableDiff.Counts counts = countWithKeys(tagged, isBefore, keyColumns);
        return new TableDiff(table.display(), from, to, method, keyColumns, insertedOnly, deletedOnly, updated,
                counts, notes, tagged, schema);
    }

    private static TableDiff.Counts countWithoutKeys(Dataset<Row> tagged, Column isBefore) {
        Row r = tagged.agg(sum(when(isBefore, 0).otherwise(1)), sum(when(isBefore, 1).otherwise(0))).head();
        return new TableDiff.Counts(longOrZero(r, 0), longOrZero(r, 1), -1, 0);
    }

    /** One aggregation: per key, how many rows each side has; pairs are updates, one-sided keys inserts or deletes. */
    private static TableDiff.Counts countWithKeys(Dataset<Row> tagged, Column isBefore, List<String> keys) {
        Dataset<Row> perKey = tagged.groupBy(keys.stream().map(Differ::column).toArray(Column[]::new))
                .agg(sum(when(isBefore, 1).otherwise(0)).as("b"), sum(when(isBefore, 0).otherwise(1)).as("a"));
        Column b = col("b");
        Column a = col("a");
        Row r = perKey.agg(
                sum(when(b.gt(0).and(a.gt(0)), b.multiply(a)).otherwise(0)),
                sum(when(b.equalTo(0), a).otherwise(0)),
                sum(when(a.equalTo(0), b).otherwise(0)),
                sum(when(b.gt(1).or(a.gt(1)), 1).otherwise(0))).head();
        return new TableDiff.Counts(longOrZero(r, 1), longOrZero(r, 2), longOrZero(r, 0), longOrZero(r, 3));
    }

    private static long longOrZero(Row r, int i) {
        return r.isNullAt(i) ? 0 : ((Number) r.get(i)).longValue();
    }

    /**
     * Net changes from the change data feed, or null (with a note saying why) when the feed does
     * not cover every commit in (from, to] or its files are gone.
     */
    private static Changes fromChangeFeed(SparkSession spark, DeltaTableRef table, DeltaLogFiles log,
                                             long from, long to, List<String> notes) {
        if (!ChangeFeed.filesPresent(log, from + 1, to)) {
            notes.add("Some change data files for versions " + (from + 1) + "–" + to
                    + " were removed by VACUUM, so the two snapshots were compared instead.");
            return null;
        }
        Dataset<Row> changes;
        try {
            changes = ChangeFeed.reader(spark, table).option("startingVersion", from + 1)
                    .option("endingVersion", to).load(table.location());
        } catch (Exception notRecorded) {
            if (ChangeFeed.isNotRecorded(notRecorded)) {
                if (ChangeFeed.everEnabled(spark, table)) {
                    notes.add("The change data feed was not recorded for every version in " + (from + 1) + "–" + to
                            + ", so the two snapshots were compared instead.");
                }
                return null;
            }
            notes.add("The change data feed could not be read (" + firstLine(notRecorded)
                    + "), so the two snapshots were compared instead.");
            return null;
        }
        Column type = col("_change_type");
        Column[] data = dataColumns(changes.schema());
        Dataset<Row> removed = changes.filter(type.isin("delete", "update_preimage")).select(data);
        Dataset<Row> added = changes.filter(type.isin("insert", "update_postimage")).select(data);
        return new Changes(removed, added, TableDiff.Method.CHANGE_DATA_FEED);
    }

    private static Changes fromSnapshots(SparkSession spark, DeltaTableRef table, long from, long to,
                                            List<String> notes) {
        Dataset<Row> older = HistoricalReads.read(spark, table, from);
        Dataset<Row> newer = HistoricalReads.read(spark, table, to);
        older = alignTo(older, newer.schema(), from, to, notes);
        return new Changes(older, newer, TableDiff.Method.SNAPSHOTS);
    }

    /** Makes the older version's columns match the newer one's by name, so rows compare column by column. */
    private static Dataset<Row> alignTo(Dataset<Row> older, StructType target, long from, long to, List<String> notes) {
        StructType source = older.schema();
        List<Column> columns = new ArrayList<>();
        for (StructField f : target.fields()) {
            StructField match = find(source, f.name());
            if (match == null) {
                notes.add("Column " + f.name() + " does not exist in version " + from + "; it compares as NULL there.");
                columns.add(lit(null).cast(f.dataType()).as(f.name()));
            } else if (!match.dataType().equals(f.dataType())) {
                columns.add(column(match.name()).cast(f.dataType()).as(f.name()));
            } else {
                columns.add(column(match.name()).as(f.name()));
            }
        }
        for (StructField f : source.fields()) {
            if (find(target, f.name()) == null) {
                notes.add("Column " + f.name() + " no longer exists in version " + to + " and is not compared.");
            }
        }
        return older.select(columns.toArray(Column[]::new));
    }

    private static StructField find(StructType schema, String name) {
        for (StructField f : schema.fields()) {
            if (f.name().equalsIgnoreCase(name)) {
                return f;
            }
        }
        return null;
    }

    private static Column[] columns(StructType schema) {
        List<Column> all = new ArrayList<>();
        for (StructField f : schema.fields()) {
            all.add(column(f.name()));
        }
        return all.toArray(Column[]::new);
    }

    private static Column[] dataColumns(StructType schema) {
        List<Column> data = new ArrayList<>();
        for (StructField f : schema.fields()) {
            if (!CDF_COLUMNS.contains(f.name())) {
                data.add(column(f.name()));
            }
        }
        return data.toArray(Column[]::new);
    }

    /** The table's own spelling of each key column; a clear error for unknown ones. */
    static List<String> keyColumns(StructType schema, List<String> keys) {
        List<String> resolved = new ArrayList<>();
        for (String k : keys == null ? List.<String>of() : keys) {
            for (String part : k.split(",")) {
                String name = part.strip();
                if (name.isEmpty()) {
                    continue;
                }
                StructField f = find(schema, name);
                if (f == null) {
                    throw new MagicException("Unknown key column '" + name + "'. Columns: "
                            + String.join(", ", schema.fieldNames()) + ".");
                }
                if (!resolved.contains(f.name())) {
                    resolved.add(f.name());
                }
            }
        }
        return resolved;
    }

    static Column column(String name) {
        return col(quote(name));
    }

    static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    static String firstLine(Throwable t) {
        String m = String.valueOf(t.getMessage()).strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
