package dev.lakehouse.magics.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.magics.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Another kernel (or a restart) is simulated here by Delta tables written straight to the warehouse
 * directory, unknown to this session's in-memory catalog. {@link TwoKernelCatalogTest} does it for
 * real, with separate JVMs.
 */
class WarehouseCatalogTest {
    private final SparkSession spark = TestSpark.session();

    private void writeBehindTheCatalogsBack(String relativeDir, String values) {
        String location = TestSpark.WAREHOUSE.resolve(relativeDir).toUri().toString();
        spark.sql("SELECT * FROM VALUES " + values + " AS v(id, name)").write().format("delta").save(location);
    }

    private List<String> tableNames(String schema) {
        return spark.sql("SHOW TABLES IN " + schema).collectAsList().stream().map(r -> r.getString(1)).toList();
    }

    @Test
    void findsATableOfTheDefaultSchemaByName() throws Exception {
        writeBehindTheCatalogsBack("ghost_default", "(1, 'a'), (2, 'b')");

        assertThat(spark.catalog().tableExists("ghost_default")).isTrue();
        assertThat(spark.sql("SELECT count(*) FROM ghost_default").head().getLong(0)).isEqualTo(2);
        assertThat(tableNames("default")).contains("ghost_default");
        assertThat(spark.catalog().getTable("ghost_default").tableType()).isEqualTo("MANAGED");
    }

    @Test
    void findsSchemasAndTheirTablesListsThemAndKeepsTimeTravel() {
        writeBehindTheCatalogsBack("ghost_schema.db/events", "(1, 'a')");
        spark.sql("INSERT INTO ghost_schema.events VALUES (2, 'b')");

        assertThat(spark.sql("SHOW SCHEMAS").collectAsList().stream().map(r -> r.getString(0))).contains("ghost_schema");
        assertThat(tableNames("ghost_schema")).containsExactly("events");
        assertThat(spark.sql("SELECT count(*) FROM ghost_schema.events").head().getLong(0)).isEqualTo(2);
        assertThat(spark.sql("SELECT count(*) FROM ghost_schema.events VERSION AS OF 0").head().getLong(0)).isEqualTo(1);
    }

    @Test
    void createByNameOfAnExistingTableSaysItExists() {
        writeBehindTheCatalogsBack("ghost_create", "(1, 'a')");

        assertThatThrownBy(() -> spark.sql("CREATE TABLE ghost_create (id INT, name STRING) USING delta"))
                .hasMessageContaining("TABLE_OR_VIEW_ALREADY_EXISTS");
        spark.sql("CREATE TABLE IF NOT EXISTS ghost_create (id INT, name STRING) USING delta");
        spark.sql("CREATE OR REPLACE TABLE ghost_create USING delta AS SELECT 7 AS id, 'z' AS name");
        assertThat(spark.sql("SELECT id FROM ghost_create").collectAsList()).extracting(r -> r.getInt(0)).containsExactly(7);
    }

    @Test
    void forgetsATableWhoseDirectoryAnotherKernelDropped() {
        spark.sql("CREATE TABLE dropped_elsewhere (id INT) USING delta");
        spark.sql("INSERT INTO dropped_elsewhere VALUES (1)");

        TestSpark.deleteRecursively(TestSpark.WAREHOUSE.resolve("dropped_elsewhere"));

        assertThat(spark.catalog().tableExists("dropped_elsewhere")).isFalse();
        assertThat(tableNames("default")).doesNotContain("dropped_elsewhere");
        assertThatThrownBy(() -> spark.sql("SELECT * FROM dropped_elsewhere").collectAsList())
                .hasMessageContaining("TABLE_OR_VIEW_NOT_FOUND");
        spark.sql("CREATE TABLE dropped_elsewhere (id INT) USING delta"); // the name is free again
    }

    @Test
    void droppingASchemaNeverDeletesTablesThisSessionHadNotSeen() {
        spark.sql("CREATE SCHEMA keep_safe");
        writeBehindTheCatalogsBack("keep_safe.db/precious", "(1, 'a')");

        assertThatThrownBy(() -> spark.sql("DROP SCHEMA keep_safe")).hasMessageContaining("SCHEMA_NOT_EMPTY");
        assertThat(Files.exists(TestSpark.WAREHOUSE.resolve("keep_safe.db/precious/_delta_log"))).isTrue();
    }

    @Test
    void dropTableByNameRemovesItsFilesSoItStaysGone() {
        writeBehindTheCatalogsBack("drop_me", "(1, 'a')");

        spark.sql("DROP TABLE drop_me");

        assertThat(Files.exists(TestSpark.WAREHOUSE.resolve("drop_me"))).isFalse();
        assertThat(spark.catalog().tableExists("drop_me")).isFalse();
    }

    @Test
    void pathTablesAndOrdinaryMissesStillBehave() {
        Path elsewhere = TestSpark.WAREHOUSE.getParent().resolve("path-table");
        TestSpark.deleteRecursively(elsewhere);
        spark.range(3).write().format("delta").save(elsewhere.toString());

        List<Row> rows = spark.sql("SELECT count(*) FROM delta.`" + elsewhere + "`").collectAsList();

        assertThat(rows.get(0).getLong(0)).isEqualTo(3);
        assertThatThrownBy(() -> spark.sql("SELECT * FROM never_created").collectAsList())
                .hasMessageContaining("TABLE_OR_VIEW_NOT_FOUND");
    }
}
