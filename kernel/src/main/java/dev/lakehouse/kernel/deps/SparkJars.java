package dev.lakehouse.kernel.deps;

import dev.lakehouse.magics.api.MagicContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Makes jars added to the notebook visible to Spark's executors too (they load classes with their
 * own class loader). The magics do it when Spark already runs; for a session started later the
 * kernel calls {@link #addAll(SparkSession, List)} with {@link NotebookClasspath#jars()}.
 */
public final class SparkJars {
    private SparkJars() {}

    /**
     * Adds each jar file in {@code paths} to {@code spark}'s executors; class folders are skipped.
     * Spark 4 runs Dataset jobs with the session's own artifact set, which jars added through
     * {@code SparkContext.addJar} do not reach, so jars go through the session.
     */
    public static void addAll(SparkSession spark, List<Path> paths) {
        for (Path path : paths) {
            if (Files.isRegularFile(path)) {
                spark.addArtifact(path.toUri());
            }
        }
    }

    static void share(MagicContext context, List<Path> paths) {
        if (paths.isEmpty() || !context.sparkStarted()) {
            return;
        }
        for (Path path : paths) {
            if (!Files.isRegularFile(path)) {
                continue;
            }
            try {
                addAll(context.spark(), List.of(path));
            } catch (RuntimeException e) {
                context.err().println("warning: Spark could not take " + path.getFileName() + ": " + e.getMessage()
                        + " (code on the driver can use it; Spark tasks may not)");
            }
        }
    }
}
