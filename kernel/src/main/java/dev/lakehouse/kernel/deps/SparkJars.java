package dev.lakehouse.kernel.deps;

import dev.lakehouse.magics.api.MagicContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes jars added to the notebook visible to Spark's executors too (they load cell lambdas with
 * their own class loader). Only when Spark already runs: a session started later should take
 * {@link NotebookClasspath#jars()} as {@code spark.jars}.
 */
final class SparkJars {
    private SparkJars() {}

    static void share(MagicContext context, List<Path> paths) {
        if (paths.isEmpty() || !context.sparkStarted()) {
            return;
        }
        for (Path path : paths) {
            if (!Files.isRegularFile(path)) {
                continue;
            }
            try {
                context.spark().sparkContext().addJar(path.toUri().toString());
            } catch (RuntimeException e) {
                context.err().println("warning: Spark could not take " + path.getFileName() + ": " + e.getMessage()
                        + " (code on the driver can use it; Spark tasks may not)");
            }
        }
    }
}
