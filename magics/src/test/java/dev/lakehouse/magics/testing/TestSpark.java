package dev.lakehouse.magics.testing;

import dev.lakehouse.magics.spark.SparkSessionProvider;
import dev.lakehouse.magics.spark.SparkSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * One local SparkSession per test JVM, built with the kernel's own settings, warehouse under the
 * Maven build directory (so engineers building into their own target-NAME never share a warehouse).
 */
public final class TestSpark {
    /** Set by Surefire to ${project.build.directory}; plain target/ when run some other way. */
    public static final Path BUILD_DIR = Path.of(System.getProperty("lakehouse.test.buildDir", "target")).toAbsolutePath();
    public static final Path WAREHOUSE = BUILD_DIR.resolve("test-warehouse");
    private static SparkSessionProvider provider;

    private TestSpark() {}

    public static synchronized SparkSessionProvider provider() {
        if (provider == null) {
            deleteRecursively(WAREHOUSE);
            SparkSettings settings = SparkSettings.fromEnvironment(Map.of(
                    "LAKEHOUSE_SPARK_MASTER", "local[2]",
                    "LAKEHOUSE_WAREHOUSE", WAREHOUSE.toString()));
            settings.set("spark.sql.shuffle.partitions", "2");
            provider = new SparkSessionProvider(settings, TestSpark.class.getClassLoader(), s -> { });
        }
        return provider;
    }

    public static SparkSession session() {
        return provider().get();
    }

    /** Waits until every queued Spark listener event has been delivered. */
    public static void drainListenerBus(SparkSession spark) {
        try {
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Spark listener bus did not drain", e);
        }
    }

    public static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
