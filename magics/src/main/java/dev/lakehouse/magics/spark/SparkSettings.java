package dev.lakehouse.magics.spark;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration the shared SparkSession is built with: interactive-friendly defaults, then the
 * environment (kernelspec), then {@code %spark conf} overrides. Later sources win.
 *
 * <p>Environment: {@code LAKEHOUSE_SPARK_MASTER}, {@code LAKEHOUSE_WAREHOUSE},
 * {@code LAKEHOUSE_SPARK_CONF} ("k=v;k=v").
 */
public final class SparkSettings {
    private final Map<String, String> conf = new LinkedHashMap<>();

    public static SparkSettings fromEnvironment(Map<String, String> env) {
        SparkSettings s = new SparkSettings();
        s.conf.put("spark.master", env.getOrDefault("LAKEHOUSE_SPARK_MASTER", "local[*]"));
        s.conf.put("spark.app.name", "lakehouse-kernel");
        s.conf.put("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
        // Delta's catalog plus table names that survive restarts and are shared by every kernel
        // using the same warehouse, with no metastore server (see WarehouseCatalog, docs/SQL.md).
        s.conf.put("spark.sql.catalog.spark_catalog", "dev.lakehouse.magics.catalog.WarehouseCatalog");
        s.conf.put("spark.sql.catalogImplementation", "in-memory");
        s.conf.put("spark.sql.warehouse.dir", warehouse(env).toUri().toString());
        // Interactive defaults: small queries should not pay for 200 shuffle tasks or a 50-task
        // Delta state reconstruction (see docs/SQL.md, "Interactive latency"). All overridable.
        s.conf.put("spark.sql.shuffle.partitions", String.valueOf(interactiveParallelism()));
        // AQE plans each shuffle stage as its own job and re-optimises between them: ~40 ms on a small
        // query in local mode, where shuffles are already one wave of tasks. On a cluster it earns that back.
        boolean local = s.conf.get("spark.master").startsWith("local");
        s.conf.put("spark.sql.adaptive.enabled", String.valueOf(!local));
        s.conf.put("spark.sql.adaptive.coalescePartitions.enabled", "true");
        // Every Delta query plans with a job over the table's cached state, and each of its tasks first
        // deserializes that state's whole lineage (~640 KB of plans and generated code, ~25 ms here).
        // Locally the tasks share the driver's cores anyway, so one task is cheaper than two.
        s.conf.put("spark.databricks.delta.snapshotPartitions", local ? "1" : "2");
        s.conf.put("spark.log.level", "WARN");
        s.conf.put("spark.ui.enabled", "false");
        s.conf.put("spark.ui.showConsoleProgress", "false");
        s.conf.put("spark.driver.host", "127.0.0.1");
        s.conf.put("spark.driver.bindAddress", "127.0.0.1");
        String extra = env.getOrDefault("LAKEHOUSE_SPARK_CONF", "");
        for (String pair : extra.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                s.conf.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
            }
        }
        return s;
    }

    /** One wave of tasks on this machine: enough to use every core, few enough to start fast. */
    static int interactiveParallelism() {
        return Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
    }

    public static Path warehouse(Map<String, String> env) {
        String configured = env.get("LAKEHOUSE_WAREHOUSE");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        return dataDirectory(env).resolve("warehouse");
    }

    /** Where the project keeps local state: {@code LAKEHOUSE_HOME}, else {@code ~/.lakehouse}. */
    public static Path dataDirectory(Map<String, String> env) {
        String home = env.get("LAKEHOUSE_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".lakehouse");
    }

    public void set(String key, String value) {
        conf.put(key, value);
    }

    public Map<String, String> asMap() {
        return Map.copyOf(conf);
    }

    public String master() {
        return conf.get("spark.master");
    }
}
