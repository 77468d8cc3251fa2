package dev.lakehouse.magics.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SparkSettingsTest {
    @Test
    void adaptiveExecutionIsOffInLocalModeAndOnForAClusterUnlessTheUserSaysOtherwise() {
        assertThat(SparkSettings.fromEnvironment(Map.of()).asMap())
                .containsEntry("spark.sql.adaptive.enabled", "false");
        assertThat(SparkSettings.fromEnvironment(Map.of("LAKEHOUSE_SPARK_MASTER", "spark://127.0.0.1:7077")).asMap())
                .containsEntry("spark.sql.adaptive.enabled", "true");
        assertThat(SparkSettings.fromEnvironment(Map.of("LAKEHOUSE_SPARK_CONF", "spark.sql.adaptive.enabled=true")).asMap())
                .containsEntry("spark.sql.adaptive.enabled", "true");
    }

    @Test
    void deltaRebuildsTableStateInOneTaskLocallyAndTwoOnAClusterUnlessTheUserSaysOtherwise() {
        String key = "spark.databricks.delta.snapshotPartitions";
        assertThat(SparkSettings.fromEnvironment(Map.of()).asMap()).containsEntry(key, "1");
        assertThat(SparkSettings.fromEnvironment(Map.of("LAKEHOUSE_SPARK_MASTER", "spark://127.0.0.1:7077")).asMap())
                .containsEntry(key, "2");
        assertThat(SparkSettings.fromEnvironment(Map.of("LAKEHOUSE_SPARK_CONF", key + "=8")).asMap())
                .containsEntry(key, "8");
    }
}
