package dev.lakehouse.magics.delta;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.render.CellText;
import dev.lakehouse.magics.render.ColumnHeader;
import dev.lakehouse.magics.render.TablePreview;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The rows that differ between two versions of a table. Without key columns a changed row shows
 * as one deleted and one inserted row; with keys, rows whose key is on both sides are updates,
 * paired as before/after ({@code updated()} has the key columns, then {@code before_c} and
 * {@code after_c} for every other column {@code c}).
 *
 * <p>The net changes are cached (memory, spilling to disk) so counting and showing them reads the
 * table once; call {@link #unpersist()} when done with a large diff.
 */
public final class TableDiff implements DeltaResult {
    /** How the differences were found. */
    public enum Method {
        CHANGE_DATA_FEED("the change data feed"), SNAPSHOTS("comparing the two snapshots (EXCEPT ALL both ways)");

        private final String description;

        Method(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /** Row counts; {@code updated} is -1 when no key was given (updates cannot be told apart). */
    public record Counts(long inserted, long deleted, long updated, long ambiguousKeys) {}

    private final String table;
    private final long fromVersion;
    private final long toVersion;
    private final Method method;
    private final List<String> keys;
    private final Dataset<Row> inserted;
    private final Dataset<Row> deleted;
    private final Dataset<Row> updated;
    private final Counts counts;
    private final List<String> notes;
    private final Dataset<Row> cached;
    private final StructType schema;

    TableDiff(String table, long fromVersion, long toVersion, Method method, List<String> keys,
              Dataset<Row> inserted, Dataset<Row> deleted, Dataset<Row> updated, Counts counts,
              List<String> notes, Dataset<Row> cached, StructType schema) {
        this.table = table;
        this.fromVersion = fromVersion;
        this.toVersion = toVersion;
        this.method = method;
        this.keys = List.copyOf(keys);
        this.inserted = inserted;
        this.deleted = deleted;
        this.updated = updated;
        this.counts = counts;
        this.notes = List.copyOf(notes);
        this.cached = cached;
        this.schema = schema;
    }

    public String table() {
        return table;
    }

    public long fromVersion() {
        return fromVersion;
    }

    public long toVersion() {
        return toVersion;
    }

    public Method method() {
        return method;
    }

    public List<String> keys() {
        return keys;
    }

    /** Rows only in the newer version (with keys: keys only in the newer version). */
    public Dataset<Row> inserted() {
        return inserted;
    }

    /** Rows only in the older version (with keys: keys only in the older version). */
    public Dataset<Row> deleted() {
        return deleted;
    }

    /** Before/after pairs of rows whose key is in both versions; null without keys. */
    public Dataset<Row> updated() {
        return updated;
    }

    public long insertedCount() {
        return counts.inserted();
    }

    public long deletedCount() {
        return counts.deleted();
    }

    /** Updated rows (pairs), or -1 when the diff has no key. */
    public long updatedCount() {
        return counts.updated();
    }

    public Counts counts() {
        return counts;
    }

    /** What the user should know about how this diff was made (fallbacks, schema changes...). */
    public List<String> notes() {
        return notes;
    }

    public boolean isEmpty() {
        return counts.inserted() == 0 && counts.deleted() == 0 && counts.updated() <= 0;
    }

    public void unpersist() {
        cached.unpersist();
    }

    @Override
    public DisplayData toDisplayData(int maxRows) {
        return render(maxRows, false);
    }

    public DisplayData summaryDisplay() {
        return render(0, true);
    }

    DisplayData render(int maxRows, boolean summaryOnly) {
        DeltaReport report = new DeltaReport("Changes in " + table + " from version " + fromVersion
                + " to version " + toVersion);
        appendTo(report, maxRows, summaryOnly);
        return report.build();
    }

    void appendTo(DeltaReport report, int maxRows, boolean summaryOnly) {
        report.keyValues(summary());
        report.line("Found by " + method.description() + ".");
        notes.forEach(report::line);
        if (keys.isEmpty() && !isEmpty()) {
            report.line("Without a key an updated row shows as one deleted and one inserted row;"
                    + " pass --key COLS (Delta.diff(table, from, to, \"id\")) to pair them.");
        }
        if (counts.ambiguousKeys() > 0) {
            report.warning(counts.ambiguousKeys() + " key value(s) occur on more than one row; their before/after"
                    + " pairs are ambiguous. Pass columns that identify a row with --key.");
        }
        if (summaryOnly || isEmpty()) {
            return;
        }
        if (counts.inserted() > 0) {
            report.heading("Inserted (" + counts.inserted() + ")").table(ordered(inserted), maxRows, counts.inserted());
        }
        if (counts.deleted() > 0) {
            report.heading("Deleted (" + counts.deleted() + ")").table(ordered(deleted), maxRows, counts.deleted());
        }
        if (counts.updated() > 0) {
            report.heading("Updated (" + counts.updated() + "): before → after").table(updatePairs(maxRows));
        }
    }

    Map<String, Object> summary() {
        Map<String, Object> rows = new LinkedHashMap<>();
        rows.put("inserted rows", counts.inserted());
        rows.put("deleted rows", counts.deleted());
        rows.put("updated rows", counts.updated() >= 0 ? counts.updated() : "not paired (no key)");
        if (!keys.isEmpty()) {
            rows.put("key", String.join(", ", keys));
        }
        return rows;
    }

    private Dataset<Row> ordered(Dataset<Row> rows) {
        return keys.isEmpty() ? rows : rows.orderBy(keys.stream().map(Differ::column).toArray(org.apache.spark.sql.Column[]::new));
    }

    /** One row per update: key values, then each other column as "before → after" where it changed. */
    private TablePreview updatePairs(int maxRows) {
        List<ColumnHeader> headers = new ArrayList<>();
        for (StructField f : schema.fields()) {
            boolean isKey = keys.contains(f.name());
            headers.add(new ColumnHeader(f.name(), f.dataType().simpleString(), isKey && f.dataType() instanceof NumericType));
        }
        List<Row> fetched = ordered(updated).limit(maxRows + 1).collectAsList();
        List<List<Object>> rows = new ArrayList<>();
        for (Row pair : fetched.subList(0, Math.min(maxRows, fetched.size()))) {
            List<Object> cells = new ArrayList<>();
            for (StructField f : schema.fields()) {
                if (keys.contains(f.name())) {
                    cells.add(pair.get(pair.fieldIndex(f.name())));
                } else {
                    Object before = pair.get(pair.fieldIndex("before_" + f.name()));
                    Object after = pair.get(pair.fieldIndex("after_" + f.name()));
                    cells.add(Objects.deepEquals(before, after) ? CellText.of(before)
                            : CellText.of(before) + " → " + CellText.of(after));
                }
            }
            rows.add(cells);
        }
        return new TablePreview(headers, rows, fetched.size() > maxRows,
                OptionalLong.of(counts.updated()));
    }

    @Override
    public String toString() {
        return render(0, true).plainText();
    }
}
