package dev.lakehouse.magics.delta;

import static dev.lakehouse.magics.delta.DeltaTestTables.rows;
import static dev.lakehouse.magics.delta.DeltaTestTables.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** %%sql --as-of: reads of the table gain AS OF; literals, comments, aliases and writes do not. */
class AsOfRewriterTest {
    final SparkSession spark = DeltaTestTables.spark();

    String rewrite(String sql, String table, String asOf) {
        return AsOfRewriter.rewrite(spark, sql, table, asOf);
    }

    @Test
    void rewritesEveryReadButNotLiteralsOrComments() {
        String sql = "SELECT o.id, 'FROM orders' AS note FROM orders o -- orders\n"
                + "JOIN default.orders AS p ON o.id = p.id WHERE o.id IN (SELECT id FROM ORDERS)";
        assertThat(rewrite(sql, "orders", "3")).isEqualTo(
                "SELECT o.id, 'FROM orders' AS note FROM orders VERSION AS OF 3 o -- orders\n"
                        + "JOIN default.orders VERSION AS OF 3 AS p ON o.id = p.id"
                        + " WHERE o.id IN (SELECT id FROM ORDERS VERSION AS OF 3)");
    }

    @Test
    void rewritesInsideCtesAndLeavesOtherTablesAndExplicitVersionsAlone() {
        String sql = "WITH recent AS (SELECT * FROM `orders`) SELECT * FROM recent JOIN customers"
                + " JOIN orders VERSION AS OF 1 x";
        assertThat(rewrite(sql, "spark_catalog.default.orders", "2024-01-31 10:00")).isEqualTo(
                "WITH recent AS (SELECT * FROM `orders` TIMESTAMP AS OF '2024-01-31 10:00') SELECT * FROM recent"
                        + " JOIN customers JOIN orders VERSION AS OF 1 x");
    }

    @Test
    void timestampsAreQuotedSafely() {
        assertThat(rewrite("SELECT * FROM orders", "orders", "2024-01-01' OR '1'='1"))
                .isEqualTo("SELECT * FROM orders TIMESTAMP AS OF '2024-01-01\\' OR \\'1\\'=\\'1'");
    }

    @Test
    void readsIntoAnotherTableAreRewrittenButWritesToItAreRefused() {
        assertThat(rewrite("INSERT INTO copy SELECT * FROM orders", "orders", "5"))
                .isEqualTo("INSERT INTO copy SELECT * FROM orders VERSION AS OF 5");
        assertThatThrownBy(() -> rewrite("INSERT INTO orders SELECT * FROM staging", "orders", "5"))
                .hasMessageContaining("writes to orders");
        assertThatThrownBy(() -> rewrite("DELETE FROM orders WHERE id = 1", "orders", "5"))
                .hasMessageContaining("writes to orders");
        assertThatThrownBy(() -> rewrite("SELECT * FROM customers", "orders", "5"))
                .hasMessageContaining("does not read orders");
        assertThatThrownBy(() -> rewrite("SELECT * FROM orders", "orders", " "))
                .hasMessageContaining("needs a version number or a timestamp");
    }

    @Test
    void rewrittenQueryReadsTheOldVersion(@TempDir Path dir) {
        String t = DeltaTestTables.create(dir, DeltaTestTables.uniqueName("asof"), "id INT", null);
        sql("INSERT INTO " + t + " VALUES (1)");
        sql("INSERT INTO " + t + " VALUES (2)");
        String path = dir.resolve(t).toUri().toString();
        assertThat(rows(sql(rewrite("SELECT count(*) FROM " + t, t, "1")))).containsExactly("1");
        assertThat(rows(sql(rewrite("SELECT * FROM delta.`" + path + "`", path, "1")))).containsExactly("1");
    }
}
