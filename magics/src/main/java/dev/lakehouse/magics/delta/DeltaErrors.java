package dev.lakehouse.magics.delta;

import dev.lakehouse.magics.api.MagicException;
import dev.lakehouse.magics.sql.SqlErrors;
import java.io.FileNotFoundException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.SparkSession;

/**
 * Turns Delta's and Spark's errors about old versions into ours: what is gone, why, and the
 * earliest version that can still be read. Anything else gets the SQL magic's error treatment.
 */
final class DeltaErrors {
    private static final Pattern AVAILABLE = Pattern.compile("version (\\d+)\\. Available versions: \\[(\\d+), (\\d+)\\]");
    private static final Pattern LOW_RETENTION = Pattern.compile("not less than \"(\\d+) hours\"");

    private DeltaErrors() {}

    static MagicException translate(Throwable error, SparkSession spark, DeltaTableRef table) {
        if (error instanceof MagicException magic) {
            return magic;
        }
        return timeTravel(error, spark, table).orElseGet(() -> SqlErrors.explain(error, "", spark));
    }

    /** Our message when {@code error} is about versions, retention or the change feed of {@code table}. */
    static Optional<MagicException> timeTravel(Throwable error, SparkSession spark, DeltaTableRef table) {
        return Optional.ofNullable(timeTravelOrNull(error, spark, table));
    }

    private static MagicException timeTravelOrNull(Throwable error, SparkSession spark, DeltaTableRef table) {
        String text = chainText(error);
        if (table != null && (hasFileNotFound(error) || text.contains("FAILED_READ_FILE.FILE_NOT_EXIST")
                || text.contains("Not all files from version"))) {
            long earliest = earliestReachable(spark, table);
            return new VersionUnreachableException("Data files that this version of " + table.display()
                    + " needs were deleted (by VACUUM, or by hand). The earliest reachable version is " + earliest
                    + "; %delta retention " + table.display() + " shows what can still be read.", -1, earliest);
        }
        Matcher available = AVAILABLE.matcher(text);
        if (table != null && available.find()) {
            long requested = Long.parseLong(available.group(1));
            long earliest = earliestReachable(spark, table);
            return new VersionUnreachableException("Version " + requested + " of " + table.display()
                    + " cannot be read; the earliest reachable version is " + earliest + " and the latest "
                    + available.group(3) + ".", requested, earliest);
        }
        if (text.contains("Are you sure you would like to vacuum files with such a low retention period")) {
            Matcher hours = LOW_RETENTION.matcher(text);
            String minimum = hours.find() ? hours.group(1) : null;
            return new MagicException("Delta refuses to VACUUM with a retention shorter than "
                    + (minimum != null ? minimum + " hours" : "the table's delta.deletedFileRetentionDuration")
                    + ": a running query or writer may still need those files. Use --retain "
                    + (minimum != null ? minimum : "HOURS") + " or more; or lower the table's"
                    + " delta.deletedFileRetentionDuration; or, when nothing else uses the table, set"
                    + " spark.databricks.delta.retentionDurationCheck.enabled=false.", error);
        }
        if (ChangeFeed.isNotRecorded(error) && table != null) {
            return ChangeFeed.notRecorded(table, error);
        }
        if (deltaCondition(error, "DELTA_TIMESTAMP_GREATER_THAN_COMMIT", "DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION")) {
            return new MagicException(Differ.firstLine(error).replaceFirst("^\\[[A-Z_.]+\\] ", "")
                    + " " + secondLine(error), error);
        }
        return null;
    }

    private static long earliestReachable(SparkSession spark, DeltaTableRef table) {
        return Reachability.now(DeltaLogFiles.list(spark, table)).earliestReachable();
    }

    private static boolean hasFileNotFound(Throwable error) {
        for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof FileNotFoundException) {
                return true;
            }
        }
        return false;
    }

    private static boolean deltaCondition(Throwable error, String... conditions) {
        for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SparkThrowable st && st.getCondition() != null) {
                for (String c : conditions) {
                    if (c.equals(st.getCondition())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static String chainText(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
            text.append(t.getMessage()).append('\n');
        }
        return text.toString();
    }

    private static String secondLine(Throwable error) {
        String m = String.valueOf(error.getMessage()).strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? "" : m.substring(nl + 1).strip().replaceAll("\\s+", " ");
    }
}
