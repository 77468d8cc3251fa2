package dev.lakehouse.magics.delta;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import dev.lakehouse.magics.api.MagicException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/** The change data feed: row-level changes Delta records per commit once it is turned on. */
final class ChangeFeed {
    static final List<String> TYPES = List.of("insert", "delete", "update_preimage", "update_postimage");
    private static final Pattern NOT_RECORDED_VERSION = Pattern.compile("not\\s+recorded for version \\[(\\d+)\\]");

    private ChangeFeed() {}

    static DataFrameReader reader(SparkSession spark, DeltaTableRef table) {
        return spark.read().format("delta").option("readChangeFeed", "true");
    }

    /** Changes between two points, inclusive, with the feed's columns first and in commit order. */
    static Dataset<Row> changes(SparkSession spark, DeltaTableRef table, VersionSpec from, VersionSpec to,
                                List<String> types) {
        Set<String> wanted = changeTypes(types);
        DataFrameReader reader = reader(spark, table);
        DeltaLogFiles log = DeltaLogFiles.list(spark, table);
        if (from.isVersion()) {
            long end = to != null && to.isVersion() ? to.version() : log.latest();
            checkRange(table, log, from.version(), end);
            reader.option("startingVersion", from.version());
        } else {
            reader.option("startingTimestamp", VersionSpec.parseTimestamp(spark, from.timestamp()).toString());
        }
        if (to != null) {
            if (to.isVersion()) {
                reader.option("endingVersion", to.version());
            } else {
                reader.option("endingTimestamp", VersionSpec.parseTimestamp(spark, to.timestamp()).toString());
            }
        }
        Dataset<Row> changes = reader.load(table.location());
        Column type = col("_change_type");
        Column order = when(type.equalTo("delete"), 0).when(type.equalTo("insert"), 1)
                .when(type.equalTo("update_preimage"), 2).otherwise(3);
        List<Column> columns = new ArrayList<>(List.of(col("_commit_version"), type));
        for (StructField f : changes.schema().fields()) {
            if (!f.name().startsWith("_commit_") && !f.name().equals("_change_type")) {
                columns.add(Differ.column(f.name()));
            }
        }
        columns.add(col("_commit_timestamp"));
        Dataset<Row> filtered = wanted.size() == TYPES.size() ? changes : changes.filter(type.isin(wanted.toArray()));
        return filtered.orderBy(col("_commit_version"), order).select(columns.toArray(Column[]::new));
    }

    private static Set<String> changeTypes(List<String> types) {
        Set<String> wanted = new LinkedHashSet<>();
        for (String t : types == null || types.isEmpty() ? TYPES : types) {
            for (String part : t.split(",")) {
                String name = part.strip().toLowerCase(Locale.ROOT);
                if (name.equals("update")) {
                    wanted.add("update_preimage");
                    wanted.add("update_postimage");
                } else if (TYPES.contains(name)) {
                    wanted.add(name);
                } else if (!name.isEmpty()) {
                    throw new MagicException("Unknown change type '" + part.strip() + "'. Use: "
                            + String.join(", ", TYPES) + " (or update for both images).");
                }
            }
        }
        return wanted;
    }

    /** Fails clearly when changes in [from, to] can no longer be read because VACUUM removed their files. */
    private static void checkRange(DeltaTableRef table, DeltaLogFiles log, long from, long to) {
        if (from > to) {
            throw new MagicException("--from " + from + " is after --to " + to + ".");
        }
        HistoricalReads.checkInLog(table, log, to);
        if (from < log.oldestCommitFile()) {
            throw new VersionUnreachableException("The changes of version " + from + " of " + table.display()
                    + " are no longer in its log (log cleanup removed the commit). The earliest version whose changes"
                    + " can be read is " + log.oldestCommitFile() + ".", from, log.oldestCommitFile());
        }
        long firstReadable = to + 1;
        for (long v = to; v >= from && filesPresent(log, v, v); v--) {
            firstReadable = v;
        }
        if (firstReadable > from) {
            throw new VersionUnreachableException("The change data of version " + (firstReadable - 1) + " of "
                    + table.display() + " was removed by VACUUM. Changes can be read from version " + firstReadable
                    + " on.", from, firstReadable);
        }
    }

    /**
     * True when every file the feed needs for commits [from, to] exists: the commit's change data
     * files, or for commits without any (plain inserts and whole-file deletes) its data files.
     */
    static boolean filesPresent(DeltaLogFiles log, long from, long to) {
        for (long v = from; v <= to; v++) {
            if (!log.hasCommitFile(v)) {
                return false;
            }
            DeltaLogFiles.Commit commit = log.read(v);
            List<Path> needed = new ArrayList<>(commit.cdcFiles());
            if (needed.isEmpty()) {
                needed.addAll(commit.added());
                needed.addAll(commit.removed());
            }
            for (Path p : needed) {
                if (!log.exists(p)) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean isNotRecorded(Throwable error) {
        for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SparkThrowable st && "DELTA_MISSING_CHANGE_DATA".equals(st.getCondition())) {
                return true;
            }
            if (String.valueOf(t.getMessage()).contains("DELTA_MISSING_CHANGE_DATA")) {
                return true;
            }
        }
        return false;
    }

    static boolean everEnabled(SparkSession spark, DeltaTableRef table) {
        return TableProperties.changeDataFeedOn(spark, table);
    }

    static MagicException notRecorded(DeltaTableRef table, Throwable error) {
        Matcher m = NOT_RECORDED_VERSION.matcher(String.valueOf(error.getMessage()));
        String version = m.find() ? " for version " + m.group(1) : " for the versions asked for";
        return new MagicException("The change data feed of " + table.display() + " was not recorded" + version
                + ". Turn it on with %delta cdf " + table.display() + " on (changes are recorded from then on);"
                + " %delta history " + table.display() + " --ops \"SET TBLPROPERTIES\" shows when it was changed."
                + " %delta diff compares snapshots without it.", error);
    }
}
