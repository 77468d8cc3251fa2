package dev.lakehouse.magics.delta;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Delta time travel for notebook cells, on the active SparkSession. Tables are catalog names
 * ({@code "orders"}, {@code "db.orders"}) or paths ({@code "/data/orders"}).
 *
 * <pre>{@code
 * Delta.history("orders")                 // newest first
 * Delta.at("orders", 3)                   // the table as of version 3
 * Delta.diff("orders", 3, 5, "id")        // inserted, deleted, updated (paired by id)
 * Delta.changes("orders", 4)              // change data feed from version 4 on
 * Delta.restorePlan("orders", 3)          // what a restore would change
 * Delta.vacuumPlan("orders")              // what VACUUM would delete, which versions it would lose
 * }</pre>
 */
public final class Delta {
    private Delta() {}

    private static DeltaTables tables() {
        return new DeltaTables(SparkSession.active());
    }

    public static Dataset<Row> history(String table) {
        return tables().history(table, Integer.MAX_VALUE);
    }

    public static Dataset<Row> history(String table, int limit) {
        return tables().history(table, limit);
    }

    public static Dataset<Row> at(String table, long version) {
        return tables().at(table, version);
    }

    /** The table as it was at {@code timestamp} (e.g. "2025-01-31 12:00"), in the session time zone. */
    public static Dataset<Row> at(String table, String timestamp) {
        return tables().at(table, VersionSpec.timestamp(timestamp));
    }

    /** From the previous version to the latest. */
    public static TableDiff diff(String table) {
        return tables().diff(table, null, null, List.of());
    }

    public static TableDiff diff(String table, long from, long to) {
        return tables().diff(table, from, to);
    }

    /** With key columns, a row whose key is in both versions is an update, shown as a before/after pair. */
    public static TableDiff diff(String table, long from, long to, String... keys) {
        return tables().diff(table, from, to, keys);
    }

    public static Dataset<Row> changes(String table, long fromVersion) {
        return tables().changes(table, VersionSpec.version(fromVersion), null, List.of());
    }

    public static Dataset<Row> changes(String table, long fromVersion, long toVersion) {
        return tables().changes(table, VersionSpec.version(fromVersion), VersionSpec.version(toVersion), List.of());
    }

    /** Only some change types: insert, delete, update_preimage, update_postimage (update = both images). */
    public static Dataset<Row> changes(String table, long fromVersion, long toVersion, String... types) {
        return tables().changes(table, VersionSpec.version(fromVersion), VersionSpec.version(toVersion),
                Arrays.asList(types));
    }

    public static Dataset<Row> changes(String table, String fromTimestamp, String toTimestamp) {
        return tables().changes(table, VersionSpec.timestamp(fromTimestamp),
                toTimestamp == null ? null : VersionSpec.timestamp(toTimestamp), List.of());
    }

    /** What restoring to {@code version} would change; changes nothing. */
    public static RestorePlan restorePlan(String table, long version, String... keys) {
        return tables().restorePlan(table, VersionSpec.version(version), Arrays.asList(keys));
    }

    /** Restores the table to {@code version} (a new commit) and returns Delta's restore metrics. */
    public static RestoreOutcome restore(String table, long version) {
        return tables().restore(table, VersionSpec.version(version), List.of());
    }

    /** A VACUUM dry run with the table's own retention. */
    public static VacuumPlan vacuumPlan(String table) {
        return tables().vacuumPlan(table, null);
    }

    public static VacuumPlan vacuumPlan(String table, double retainHours) {
        return tables().vacuumPlan(table, retainHours);
    }

    /** Runs VACUUM: deletes the files {@link #vacuumPlan(String, double)} lists. */
    public static VacuumOutcome vacuum(String table, double retainHours) {
        return tables().vacuum(table, retainHours);
    }

    public static RetentionReport retention(String table) {
        return tables().retention(table);
    }

    public static Dataset<Row> detail(String table) {
        return tables().detail(table);
    }

    /** Turns the change data feed on or off; returns the version from which it applies. */
    public static long cdf(String table, boolean on) {
        return tables().changeDataFeed(table, on);
    }

    public static long latestVersion(String table) {
        return tables().latestVersion(table);
    }

    public static long earliestReachableVersion(String table) {
        return tables().earliestReachableVersion(table);
    }
}
