package dev.lakehouse.magics.vector;

import dev.lakehouse.magics.api.MagicException;
import dev.lakehouse.magics.sql.SqlErrors;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Delta table an index follows, addressed by its storage location so that reads at a version,
 * change-data-feed reads and the freshness check all see the same table whether it was named by
 * catalog name or by path.
 */
public final class DeltaSource {
    private static final Pattern COMMIT_FILE = Pattern.compile("(\\d{20})\\.json");

    private final String table;
    private final String location;

    public DeltaSource(String table, String location) {
        this.table = table;
        this.location = location;
    }

    /** Resolves a catalog name or a path to a Delta table, with a clear error if it is neither. */
    public static DeltaSource resolve(SparkSession spark, String table) {
        String reference = looksLikePath(table) ? "delta.`" + table.replace("`", "``") + "`" : table;
        String sql = "DESCRIBE DETAIL " + reference;
        Row detail;
        try {
            detail = spark.sql(sql).first();
        } catch (Exception e) { // AnalysisException is checked in Java's eyes, and undeclared
            if (looksLikePath(table)) {
                throw new MagicException("No Delta table at path '" + table + "'.", e);
            }
            throw SqlErrors.explain(e, sql, spark);
        }
        String format = detail.getAs("format");
        if (!"delta".equalsIgnoreCase(format)) {
            throw new MagicException("'" + table + "' is a " + format + " table; vector indexes follow Delta tables"
                    + " (their versions let an index know how current it is).");
        }
        return new DeltaSource(table, detail.getAs("location"));
    }

    static boolean looksLikePath(String table) {
        return table.contains("/") || table.contains("\\");
    }

    public String table() {
        return table;
    }

    public String location() {
        return location;
    }

    /**
     * The newest committed version, from the names of the commit files in {@code _delta_log}: a
     * directory listing, cheap enough to run before every search.
     */
    public long latestVersion(SparkSession spark) {
        Path log = new Path(location, "_delta_log");
        try {
            FileSystem fs = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
            long latest = -1;
            for (FileStatus status : fs.listStatus(log)) {
                Matcher m = COMMIT_FILE.matcher(status.getPath().getName());
                if (m.matches()) {
                    latest = Math.max(latest, Long.parseLong(m.group(1)));
                }
            }
            if (latest < 0) {
                throw new MagicException("The Delta table '" + table + "' at " + location + " has no commits.");
            }
            return latest;
        } catch (FileNotFoundException e) {
            throw new MagicException("The Delta table '" + table + "' is gone: no transaction log at " + log
                    + ". Drop the index (%vector drop NAME) or recreate the table.", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Dataset<Row> snapshot(SparkSession spark, long version) {
        return spark.read().format("delta").option("versionAsOf", version).load(location);
    }

    /** The change data feed from {@code fromVersion} to {@code toVersion}, both inclusive. */
    public Dataset<Row> changes(SparkSession spark, long fromVersion, long toVersion) {
        return spark.read().format("delta")
                .option("readChangeFeed", "true")
                .option("startingVersion", fromVersion)
                .option("endingVersion", toVersion)
                .load(location);
    }
}
