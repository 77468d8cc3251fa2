package dev.lakehouse.magics.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.magics.testing.TestSpark;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The listener sees which Delta table versions executed queries read, by name, by path, and in time travel. */
class DeltaLineageTest {
    private static SparkSession spark;
    private static String path;

    @BeforeAll
    static void tableWithTwoVersions() {
        spark = TestSpark.session();
        spark.sql("DROP TABLE IF EXISTS lineage_items");
        spark.sql("CREATE TABLE lineage_items (id INT, name STRING) USING delta");          // version 0
        spark.sql("INSERT INTO lineage_items VALUES (1, 'a'), (2, 'b')");                    // version 1
        path = spark.sql("DESCRIBE DETAIL lineage_items").head().getAs("location");
        DeltaReadListener.installOn(spark);
        DeltaReadListener.installOn(spark);
    }

    @AfterEach
    void stopRecording() {
        LineageRecorder.SHARED.stop();
    }

    @Test
    void recordsTableNameAndVersionOfEachRead() {
        LineageRecorder.SHARED.start();
        spark.table("lineage_items").count();
        spark.sql("SELECT * FROM lineage_items VERSION AS OF 0").collectAsList();
        DeltaReadListener.drain(spark);

        assertThat(LineageRecorder.SHARED.reads()).extracting(DeltaRead::table, DeltaRead::version)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("spark_catalog.default.lineage_items", 1L),
                        org.assertj.core.groups.Tuple.tuple("spark_catalog.default.lineage_items", 0L));
        assertThat(LineageRecorder.SHARED.reads()).allSatisfy(r -> assertThat(r.path()).isEqualTo(path));
    }

    @Test
    void recordsReadsByPathAndInsideJoinsAndSubqueries() {
        LineageRecorder.SHARED.start();
        spark.sql("SELECT count(*) FROM delta.`" + path + "` d WHERE id IN (SELECT id FROM lineage_items VERSION AS OF 1)")
                .collectAsList();
        DeltaReadListener.drain(spark);

        assertThat(LineageRecorder.SHARED.reads()).extracting(DeltaRead::path, DeltaRead::version)
                .containsOnly(org.assertj.core.groups.Tuple.tuple(path, 1L));
        assertThat(LineageRecorder.SHARED.reads()).extracting(DeltaRead::table).contains((String) null);
    }

    @Test
    void ignoresQueriesWhileNoRunIsActive() {
        LineageRecorder.SHARED.start();
        LineageRecorder.SHARED.stop();
        spark.table("lineage_items").count();
        DeltaReadListener.drain(spark);

        assertThat(LineageRecorder.SHARED.reads()).isEmpty();
    }

    @Test
    void registersOneListenerPerSession() {
        long listeners = java.util.Arrays.stream(spark.listenerManager().listListeners())
                .filter(l -> l instanceof DeltaReadListener).count();
        assertThat(listeners).isEqualTo(1);
    }
}
