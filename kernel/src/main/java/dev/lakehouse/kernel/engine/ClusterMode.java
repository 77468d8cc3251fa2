package dev.lakehouse.kernel.engine;

import dev.lakehouse.magics.spark.SparkSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Settings for a SparkSession whose executors run in other JVMs (e.g. {@code spark://...}): cell
 * classes are exported to a directory Spark serves ({@code spark.repl.class.outputDir}), and the
 * jars executors need beyond Spark's own — Delta, and ours — are shipped with {@code spark.jars}.
 */
final class ClusterMode {
    private ClusterMode() {}

    static void prepare(SparkSettings settings, JavaEvaluator evaluator, Path dataDirectory) {
        try {
            Path classes = Files.createDirectories(dataDirectory.resolve("repl-classes"))
                    .resolve(ProcessHandle.current().pid() + "-" + System.nanoTime());
            Files.createDirectories(classes);
            settings.set("spark.repl.class.outputDir", classes.toString());
            // Spark 4 otherwise gives each session its own artifact class URI, and executors would
            // never look in the directory above.
            settings.set("spark.sql.artifact.isolation.enabled", "false");
            Set<String> jars = new LinkedHashSet<>();
            String existing = settings.asMap().get("spark.jars");
            if (existing != null && !existing.isBlank()) {
                jars.add(existing);
            }
            for (String className : new String[] {"io.delta.sql.DeltaSparkSessionExtension", "io.delta.storage.LogStore",
                    "dev.lakehouse.kernel.engine.NotebookEngine", "dev.lakehouse.magics.api.DisplayData"}) {
                jarOf(className).ifPresent(jars::add);
            }
            settings.set("spark.jars", String.join(",", jars));
            settings.set("spark.driver.host", settings.asMap().getOrDefault("spark.driver.host", "127.0.0.1"));
            evaluator.exportClassesTo(new ExecutorClassExport(classes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the class directory for executors", e);
        }
    }

    private static java.util.Optional<String> jarOf(String className) {
        try {
            Class<?> c = Class.forName(className, false, ClusterMode.class.getClassLoader());
            var source = c.getProtectionDomain().getCodeSource();
            if (source == null) {
                return java.util.Optional.empty();
            }
            Path p = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(p) ? java.util.Optional.of(p.toString()) : java.util.Optional.empty();
        } catch (ClassNotFoundException | URISyntaxException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}
