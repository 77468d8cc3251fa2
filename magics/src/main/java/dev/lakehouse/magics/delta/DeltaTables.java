package dev.lakehouse.magics.delta;

import dev.lakehouse.magics.api.MagicException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Time travel on Delta tables with one SparkSession: what {@link Delta} and {@code %delta} do.
 * Tables are catalog names or paths. Errors are {@link dev.lakehouse.magics.api.MagicException}s
 * with a readable message; an old version that cannot be read in full throws
 * {@link VersionUnreachableException} naming the earliest version that can.
 */
public final class DeltaTables {
    private final SparkSession spark;

    public DeltaTables(SparkSession spark) {
        this.spark = spark;
    }

    public SparkSession spark() {
        return spark;
    }

    /** Newest first, at most {@code limit} commits; parameters as one line. */
    public Dataset<Row> history(String table, int limit) {
        return on(table, t -> TableHistory.history(spark, t, TableHistory.Query.latest(limit)));
    }

    /**
     * History filtered to some operations (WRITE, MERGE, VACUUM...; empty for all) and commits at or
     * after {@code since} (null for all), with each operation metric as a column when asked.
     */
    public Dataset<Row> history(String table, int limit, List<String> operations, String since, boolean metrics) {
        return on(table, t -> TableHistory.history(spark, t, new TableHistory.Query(limit, operations, since, metrics)));
    }

    public Dataset<Row> at(String table, long version) {
        return on(table, t -> HistoricalReads.read(spark, t, version));
    }

    public Dataset<Row> at(String table, VersionSpec when) {
        return on(table, t -> HistoricalReads.read(spark, t, when.resolve(spark, t)));
    }

    public long resolve(String table, VersionSpec when) {
        return on(table, t -> when.resolve(spark, t));
    }

    public long latestVersion(String table) {
        return on(table, t -> DeltaLogFiles.list(spark, t).latest());
    }

    public long earliestReachableVersion(String table) {
        return on(table, t -> Reachability.now(DeltaLogFiles.list(spark, t)).earliestReachable());
    }

    /** Net row changes from {@code from} to {@code to}; with key columns, updates are paired. */
    public TableDiff diff(String table, VersionSpec from, VersionSpec to, List<String> keys) {
        return on(table, t -> {
            long end = to != null ? to.resolve(spark, t) : DeltaLogFiles.list(spark, t).latest();
            long start = from != null ? from.resolve(spark, t) : Math.max(0, end - 1);
            return Differ.diff(spark, t, start, end, keys);
        });
    }

    public TableDiff diff(String table, long from, long to, String... keys) {
        return diff(table, VersionSpec.version(from), VersionSpec.version(to), Arrays.asList(keys));
    }

    /** The change data feed from {@code from} to {@code to} (null: the latest); {@code types} empty for all. */
    public Dataset<Row> changes(String table, VersionSpec from, VersionSpec to, List<String> types) {
        return on(table, t -> ChangeFeed.changes(spark, t, from, to, types));
    }

    public RestorePlan restorePlan(String table, VersionSpec target, List<String> keys) {
        return on(table, t -> Restore.plan(spark, t, target, keys));
    }

    public RestoreOutcome restore(String table, VersionSpec target, List<String> keys) {
        return on(table, t -> Restore.apply(spark, t, Restore.plan(spark, t, target, keys)));
    }

    RestoreOutcome restore(String table, RestorePlan plan) {
        return on(table, t -> Restore.apply(spark, t, plan));
    }

    /** What VACUUM would delete (null hours: the table's retention) and which versions it would lose. */
    public VacuumPlan vacuumPlan(String table, Double retainHours) {
        return on(table, t -> Vacuum.plan(spark, t, retainHours));
    }

    public VacuumOutcome vacuum(String table, Double retainHours) {
        return on(table, t -> Vacuum.run(spark, t, retainHours));
    }

    public RetentionReport retention(String table) {
        return on(table, t -> RetentionReport.of(spark, t));
    }

    /** DESCRIBE DETAIL: format, location, files, size, properties... */
    public Dataset<Row> detail(String table) {
        return on(table, t -> spark.sql("DESCRIBE DETAIL " + t.sqlName()));
    }

    /** Turns the change data feed on or off; returns the version from which it applies. */
    public long changeDataFeed(String table, boolean on) {
        return on(table, t -> {
            spark.sql("ALTER TABLE " + t.sqlName() + " SET TBLPROPERTIES ('" + TableProperties.CHANGE_DATA_FEED
                    + "' = '" + on + "')");
            return DeltaLogFiles.list(spark, t).latest();
        });
    }

    /**
     * Our message when a query that read {@code table} at an older version failed because of that
     * version (gone after VACUUM or log cleanup, past the table's timestamps); empty otherwise.
     */
    public Optional<MagicException> explainTimeTravelFailure(Throwable error, String table) {
        DeltaTableRef ref;
        try {
            ref = resolveTable(table);
        } catch (Exception unknownTable) { // also Spark's AnalysisException, checked yet thrown undeclared
            return Optional.empty();
        }
        return DeltaErrors.timeTravel(error, spark, ref);
    }

    DeltaTableRef resolveTable(String table) {
        return DeltaTableRef.resolve(spark, table);
    }

    private <T> T on(String table, Function<DeltaTableRef, T> action) {
        DeltaTableRef ref = DeltaTableRef.resolve(spark, table);
        try {
            return action.apply(ref);
        } catch (MagicException e) {
            throw e;
        } catch (Exception e) { // Spark's AnalysisException is checked in Java's eyes but thrown anyway
            throw DeltaErrors.translate(e, spark, ref);
        }
    }
}
