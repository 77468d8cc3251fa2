package dev.lakehouse.magics.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.magics.testing.TestSpark;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SqlCompletionTest {
    private static final SparkSession spark = TestSpark.session();

    @BeforeAll
    static void tables() {
        spark.sql("CREATE TABLE IF NOT EXISTS completion_sales (sale_id INT, amount DOUBLE, region STRING) USING delta");
        spark.sql("CREATE SCHEMA IF NOT EXISTS completion_db");
        spark.sql("CREATE TABLE IF NOT EXISTS completion_db.events (event_id INT) USING delta");
    }

    private static SqlCompletion.Result complete(String cellWithCursor) {
        int cursor = cellWithCursor.indexOf('|');
        return SqlCompletion.complete(spark, cellWithCursor.replace("|", ""), cursor);
    }

    @Test
    void tablesAfterFrom() {
        SqlCompletion.Result r = complete("%%sql\nSELECT * FROM completion_s|");

        assertThat(r.matches()).containsExactly("completion_sales");
        assertThat(r.start()).isEqualTo("%%sql\nSELECT * FROM ".length());
        assertThat(r.end()).isEqualTo("%%sql\nSELECT * FROM completion_s".length());
    }

    @Test
    void columnsOfTheTablesTheCellNames() {
        assertThat(complete("%%sql\nSELECT am| FROM completion_sales").matches()).containsExactly("amount");
        assertThat(complete("%%sql\nSELECT s.re| FROM completion_sales s").matches()).containsExactly("region");
        SqlCompletion.Result qualified = complete("%%sql\nSELECT completion_sales.sa| FROM completion_sales");
        assertThat(qualified.matches()).containsExactly("sale_id");
        assertThat(qualified.start()).isEqualTo("%%sql\nSELECT completion_sales.".length());
    }

    @Test
    void tablesOfASchemaAfterItsName() {
        assertThat(complete("%%sql\nSELECT * FROM completion_db.ev|").matches()).containsExactly("events");
    }

    @Test
    void optionsOnTheMagicLineAndNothingInsideStrings() {
        assertThat(complete("%%sql --lim|\nSELECT 1").matches()).containsExactly("--limit");
        assertThat(complete("%%sql\nSELECT 'completion_s|'").matches()).isEmpty();
    }

    @Test
    void keywordsFollowTheCaseTyped() {
        assertThat(complete("%%sql\nSELECT * FROM completion_sales wh|").matches()).contains("where");
    }
}
