package dev.lakehouse.magics.delta;

import dev.lakehouse.magics.api.MagicException;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** VACUUM that says beforehand which versions it would make unreachable, and runs only when told to. */
final class Vacuum {
    private static final int SIZE_LOOKUPS = 10_000;

    private Vacuum() {}

    static VacuumPlan plan(SparkSession spark, DeltaTableRef table, Double retainHours) {
        if (retainHours != null && retainHours < 0) {
            throw new MagicException("--retain must be zero or more hours.");
        }
        List<String> files = withSmallListingParallelism(spark, () -> spark.sql(vacuumSql(table, retainHours) + " DRY RUN")
                .select("path").as(Encoders.STRING()).collectAsList());
        DeltaLogFiles log = DeltaLogFiles.list(spark, table);
        Set<Path> doomed = new HashSet<>();
        for (String f : files) {
            doomed.add(new Path(f));
        }
        Map<Path, Boolean> exists = new HashMap<>();
        Reachability now = Reachability.scan(log, p -> exists.computeIfAbsent(p, log::exists));
        Reachability after = Reachability.scan(log, p -> !doomed.contains(p) && exists.computeIfAbsent(p, log::exists));
        List<long[]> lost = new ArrayList<>();
        long[] open = null;
        for (long v = log.earliestReproducible(); v <= log.latest(); v++) {
            if (now.reachable(v) && !after.reachable(v)) {
                if (open != null && open[1] == v - 1) {
                    open[1] = v;
                } else {
                    open = new long[] {v, v};
                    lost.add(open);
                }
            }
        }
        String retention = retainHours != null ? hours(retainHours) + " hours"
                : TableProperties.valueOrDefault(TableProperties.of(spark, table), TableProperties.FILE_RETENTION)
                        + " (the table's delta.deletedFileRetentionDuration)";
        return new VacuumPlan(table.display(), log.tablePath().toString(), retention, files, totalBytes(log, files), now.earliestReachable(),
                after.earliestReachable(), log.latest(), lost);
    }

    static VacuumOutcome run(SparkSession spark, DeltaTableRef table, Double retainHours) {
        VacuumPlan plan = plan(spark, table, retainHours);
        withSmallListingParallelism(spark, () -> spark.sql(vacuumSql(table, retainHours)).collect());
        HistoricalReads.forget(table.location());
        Reachability now = Reachability.now(DeltaLogFiles.list(spark, table));
        return new VacuumOutcome(table.display(), plan, deletedFiles(spark, table, plan), now.earliestReachable(), now.latest());
    }

    /**
     * VACUUM lists the table's folders with one task per folder up to Spark's partition discovery
     * parallelism, 10,000 by default: tens of thousands of empty tasks on a small table, minutes on
     * a busy two-core machine. Unless the user tuned it, list with a few tasks per core instead.
     */
    private static <T> T withSmallListingParallelism(SparkSession spark, java.util.function.Supplier<T> vacuum) {
        String key = "spark.sql.sources.parallelPartitionDiscovery.parallelism";
        if (spark.conf().contains(key)) {
            return vacuum.get();
        }
        spark.conf().set(key, String.valueOf(Math.max(2, spark.sparkContext().defaultParallelism() * 4)));
        try {
            return vacuum.get();
        } finally {
            spark.conf().unset(key);
        }
    }

    /** Delta logs VACUUM END with numDeletedFiles; fall back to the dry run's count. */
    private static long deletedFiles(SparkSession spark, DeltaTableRef table, VacuumPlan plan) {
        List<Row> last = spark.sql("DESCRIBE HISTORY " + table.sqlName() + " LIMIT 1")
                .select("operation", "operationMetrics").collectAsList();
        if (!last.isEmpty() && "VACUUM END".equals(last.get(0).getString(0)) && !last.get(0).isNullAt(1)) {
            Object n = last.get(0).getJavaMap(1).get("numDeletedFiles");
            if (n != null) {
                return Long.parseLong(n.toString());
            }
        }
        return plan.files().size();
    }

    private static String vacuumSql(DeltaTableRef table, Double retainHours) {
        return "VACUUM " + table.sqlName() + (retainHours == null ? "" : " RETAIN " + hours(retainHours) + " HOURS");
    }

    private static String hours(double h) {
        return BigDecimal.valueOf(h).stripTrailingZeros().toPlainString();
    }

    private static long totalBytes(DeltaLogFiles log, List<String> files) {
        if (files.size() > SIZE_LOOKUPS) {
            return -1;
        }
        long total = 0;
        for (String f : files) {
            try {
                var status = log.fileSystem().getFileStatus(new Path(f));
                total += status.isFile() ? status.getLen() : 0; // VACUUM also lists empty folders
            } catch (IOException gone) {
                // deleted meanwhile or a directory entry: nothing to free
            }
        }
        return total;
    }
}
