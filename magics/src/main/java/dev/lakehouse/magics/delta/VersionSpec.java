package dev.lakehouse.magics.delta;

import dev.lakehouse.magics.api.MagicException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * "As of" a version number or a timestamp, as the user typed it ({@code 12} or
 * {@code '2025-01-31 12:00'}). Timestamps are read in the session time zone, as Delta does.
 */
public record VersionSpec(Long version, String timestamp) {

    public static VersionSpec version(long version) {
        return new VersionSpec(version, null);
    }

    public static VersionSpec timestamp(String timestamp) {
        return new VersionSpec(null, timestamp);
    }

    /** {@code 12} is a version, anything else a timestamp. */
    public static VersionSpec parse(String text) {
        String t = text.strip();
        return t.matches("\\d+") ? version(Long.parseLong(t)) : timestamp(t);
    }

    public boolean isVersion() {
        return version != null;
    }

    @Override
    public String toString() {
        return isVersion() ? "version " + version : "timestamp " + timestamp;
    }

    /** The version this names: itself, or the last commit at or before the timestamp. */
    long resolve(SparkSession spark, DeltaTableRef table) {
        if (isVersion()) {
            return version;
        }
        Timestamp at = parseTimestamp(spark, timestamp);
        List<Row> commits = spark.sql("DESCRIBE HISTORY " + table.sqlName()).select("version", "timestamp")
                .collectAsList();
        long best = -1;
        Timestamp earliest = null;
        Timestamp latest = null;
        for (Row r : commits) {
            Timestamp committed = r.getTimestamp(1);
            if (earliest == null || committed.before(earliest)) {
                earliest = committed;
            }
            if (latest == null || committed.after(latest)) {
                latest = committed;
            }
            if (!committed.after(at) && r.getLong(0) > best) {
                best = r.getLong(0);
            }
        }
        if (best < 0) {
            throw new MagicException("Timestamp " + timestamp + " is before the earliest version of " + table.display()
                    + " still in its log (committed " + earliest + "). Use a later timestamp.");
        }
        if (at.getTime() > System.currentTimeMillis()) {
            throw new MagicException("Timestamp " + timestamp + " is in the future; the latest version of "
                    + table.display() + " was committed " + latest + ".");
        }
        return best;
    }

    static Timestamp parseTimestamp(SparkSession spark, String text) {
        Row row = spark.sql("SELECT try_cast(:ts AS TIMESTAMP)", Map.of("ts", text)).head();
        if (row.isNullAt(0)) {
            throw new MagicException("'" + text + "' is not a timestamp. Use e.g. 2025-01-31, '2025-01-31 12:00:00' or a version number.");
        }
        return row.getTimestamp(0);
    }
}
