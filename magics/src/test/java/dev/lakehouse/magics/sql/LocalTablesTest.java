package dev.lakehouse.magics.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.magics.testing.TestSpark;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class LocalTablesTest {
    private final SparkSession spark = TestSpark.session();

    @Test
    void roundTripKeepsTypesNullsAndValues() {
        Dataset<Row> source = spark.sql("SELECT * FROM VALUES"
                + " (1, 10L, 1.5D, true, DATE'2024-05-01', 'a', CAST(2.25 AS DECIMAL(5,2)), array(1, 2)),"
                + " (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL)"
                + " AS t(i, l, d, b, day, s, dec, arr)");

        LocalTables.Collected collected = LocalTables.collect(source, "local", 10);
        Table table = collected.table();

        assertThat(collected.truncated()).isFalse();
        assertThat(table.columnNames()).containsExactly("i", "l", "d", "b", "day", "s", "dec", "arr");
        assertThat(table.intColumn("i").get(1)).isEqualTo(2);
        assertThat(table.longColumn("l").isMissing(1)).isTrue();
        assertThat(table.dateColumn("day").get(0)).isEqualTo(LocalDate.of(2024, 5, 1));
        assertThat(table.doubleColumn("dec").get(0)).isEqualTo(2.25);
        assertThat(table.stringColumn("arr").get(0)).isEqualTo("[1, 2]");

        Dataset<Row> back = LocalTables.toDataset(spark, table);
        assertThat(back.schema().simpleString())
                .isEqualTo("struct<i:int,l:bigint,d:double,b:boolean,day:date,s:string,dec:double,arr:string>");
        assertThat(back.orderBy("i").collectAsList().get(0).toString()).isEqualTo("[1,10,1.5,true,2024-05-01,a,2.25,[1, 2]]");
        assertThat(back.filter("i = 2").selectExpr("l IS NULL AND day IS NULL AND s IS NULL").head().getBoolean(0)).isTrue();
    }

    @Test
    void collectsAtMostTheLimitAndSaysSo() {
        LocalTables.Collected collected = LocalTables.collect(spark.range(100), "r", 10);

        assertThat(collected.table().rowCount()).isEqualTo(10);
        assertThat(collected.truncated()).isTrue();
    }
}
