package dev.lakehouse.magics.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class LineageTagsTest {
    private static final DeltaRead HOUSES_V3 = new DeltaRead("spark_catalog.default.houses", "file:/data/houses", 3);
    private static final DeltaRead HOUSES_V1 = new DeltaRead("spark_catalog.default.houses", "file:/data/houses", 1);
    private static final DeltaRead BY_PATH = new DeltaRead(null, "file:/data/raw/events", 7);

    @Test
    void oneTagPerTableWithTheVersionsReadAndAllReadsAsJson() {
        Map<String, String> tags = LineageTags.of(new TreeSet<>(Set.of(HOUSES_V3, HOUSES_V1, BY_PATH)));

        assertThat(tags).containsEntry("lakehouse.lineage.delta.spark_catalog.default.houses", "1,3")
                .containsEntry("lakehouse.lineage.delta.data/raw/events", "7");
        assertThat(LineageTags.parse(tags)).containsExactlyInAnyOrder(HOUSES_V3, HOUSES_V1, BY_PATH);
    }

    @Test
    void tagKeysAreValidMlflowNamesForAnyPath() {
        String key = LineageTags.tagKey(new DeltaRead(null, "s3a://bucket/../we ird/t@ble//", 1));
        assertThat(MlflowNames.requireValidKey("tag", key)).startsWith(LineageTags.TABLE_PREFIX);
    }

    @Test
    void noReadsNoTags() {
        assertThat(LineageTags.of(Set.of())).isEmpty();
        assertThat(LineageTags.parse(Map.of())).isEmpty();
    }

    @Test
    void foreignInputsTagIsReportedNotMisread() {
        assertThatThrownBy(() -> LineageTags.parse(Map.of(LineageTags.INPUTS, "{\"not\": \"a list\"}")))
                .hasMessageContaining("not lineage this kernel wrote");
    }

    @Test
    void replayViewsAreNamedAfterTheTable() {
        assertThat(LineageReplay.baseName(HOUSES_V3)).isEqualTo("houses");
        assertThat(LineageReplay.baseName(BY_PATH)).isEqualTo("events");
        assertThat(LineageReplay.baseName(new DeltaRead(null, "file:/x/2024-data/", 1))).isEqualTo("t_2024_data");
    }
}
