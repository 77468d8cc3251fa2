package dev.lakehouse.magics.mlflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;

/**
 * {@code %mlflow reproduce RUN_ID}: reads a run's lineage tags and registers each Delta table
 * version it read as a temp view, so the notebook's queries can run against the same data.
 */
public final class LineageReplay {
    /** One view made: its name, and the table version behind it. */
    public record ReplayedView(String view, DeltaRead source) {}

    private LineageReplay() {}

    public static List<ReplayedView> replay(Run run, SparkSession spark, String prefix) {
        List<DeltaRead> reads = LineageTags.parse(run.tags());
        if (reads.isEmpty()) {
            throw new MlflowException("Run " + run.id() + " has no lineage: no Delta table was read while it was active"
                    + " (or it was not started from this kernel).");
        }
        Map<String, List<DeltaRead>> byName = new TreeMap<>();
        for (DeltaRead read : reads) {
            byName.computeIfAbsent(baseName(read), k -> new ArrayList<>()).add(read);
        }
        List<ReplayedView> views = new ArrayList<>();
        byName.forEach((name, versions) -> {
            for (DeltaRead read : versions) {
                String view = (prefix == null ? "" : prefix) + name + (versions.size() > 1 ? "_v" + read.version() : "");
                try {
                    spark.read().format("delta").option("versionAsOf", read.version()).load(read.path())
                            .createOrReplaceTempView(view);
                } catch (RuntimeException e) {
                    throw new MlflowException("Cannot read " + read.displayName() + " at version " + read.version()
                            + " (" + read.path() + "): " + firstLine(e.getMessage()) + " The files may have been"
                            + " removed by VACUUM or the table moved.", e);
                }
                views.add(new ReplayedView(view, read));
            }
        });
        return views;
    }

    /** A view name from the table's last name part, or the path's last segment. */
    static String baseName(DeltaRead read) {
        String source = read.table() != null ? read.table() : read.path().replaceAll("/+$", "");
        String last = source.substring(source.lastIndexOf(read.table() != null ? '.' : '/') + 1);
        String name = last.replaceAll("[^A-Za-z0-9_]", "_");
        return name.isEmpty() || Character.isDigit(name.charAt(0)) ? "t_" + name : name;
    }

    private static String firstLine(String message) {
        if (message == null) return "";
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
