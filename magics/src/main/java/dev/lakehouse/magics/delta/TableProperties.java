package dev.lakehouse.magics.delta;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** A Delta table's current properties and the defaults Delta uses for the ones that matter here. */
final class TableProperties {
    static final String CHANGE_DATA_FEED = "delta.enableChangeDataFeed";
    static final String LOG_RETENTION = "delta.logRetentionDuration";
    static final String FILE_RETENTION = "delta.deletedFileRetentionDuration";
    static final String CHECKPOINT_INTERVAL = "delta.checkpointInterval";
    static final String LOG_CLEANUP = "delta.enableExpiredLogCleanup";

    /** Delta's documented defaults for the retention-related properties. */
    static final Map<String, String> DEFAULTS = Map.of(
            LOG_RETENTION, "interval 30 days",
            FILE_RETENTION, "interval 1 week",
            CHECKPOINT_INTERVAL, "10",
            LOG_CLEANUP, "true",
            CHANGE_DATA_FEED, "false");

    private TableProperties() {}

    /** One row of DESCRIBE DETAIL: format, location, numFiles, sizeInBytes, properties... */
    static Row detail(SparkSession spark, DeltaTableRef table) {
        return spark.sql("DESCRIBE DETAIL " + table.sqlName()).head();
    }

    static Map<String, String> of(SparkSession spark, DeltaTableRef table) {
        Row detail = detail(spark, table);
        Map<String, String> properties = detail.getJavaMap(detail.fieldIndex("properties"));
        return new LinkedHashMap<>(properties);
    }

    static String valueOrDefault(Map<String, String> properties, String key) {
        return properties.getOrDefault(key, DEFAULTS.get(key));
    }

    static boolean changeDataFeedOn(SparkSession spark, DeltaTableRef table) {
        return Boolean.parseBoolean(valueOrDefault(of(spark, table), CHANGE_DATA_FEED));
    }
}
