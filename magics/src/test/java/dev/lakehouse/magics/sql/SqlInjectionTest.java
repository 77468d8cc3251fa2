package dev.lakehouse.magics.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.testing.Magics;
import dev.lakehouse.magics.testing.RecordingContext;
import dev.lakehouse.magics.testing.TestSpark;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A parameter value is data: quotes and a DROP TABLE inside it change nothing. */
class SqlInjectionTest {
    private static final String HOSTILE = "it's \"quoted\" '; DROP TABLE victims; --";
    private static final SparkSession spark = TestSpark.session();
    private final SqlMagic magic = new SqlMagic();
    private final RecordingContext context = new RecordingContext();

    @BeforeAll
    static void victims() {
        spark.sql("CREATE TABLE IF NOT EXISTS victims (id INT) USING delta");
        spark.sql("INSERT INTO victims VALUES (1), (2)");
    }

    @Test
    void optionValueIsBoundAsALiteral() {
        DisplayData result = (DisplayData) Magics.run(magic, context,
                "%%sql --format json -p \"v=it's \\\"quoted\\\" '; DROP TABLE victims; --\"\nSELECT :v AS v, count(*) AS n FROM victims WHERE :v <> ''");

        assertThat(result.data().get(DisplayData.JSON)).isEqualTo(List.of(Map.of("v", HOSTILE, "n", 2L)));
        assertThat(spark.catalog().tableExists("victims")).isTrue();
        assertThat(spark.sql("SELECT count(*) FROM victims").head().getLong(0)).isEqualTo(2);
    }

    @Test
    void javaVariableValueIsBoundAsALiteral() {
        context.withVariable("name", HOSTILE);

        DisplayData result = (DisplayData) Magics.run(magic, context, "%sql --format json SELECT :name AS v");

        assertThat(result.data().get(DisplayData.JSON)).isEqualTo(List.of(Map.of("v", HOSTILE)));
        assertThat(spark.catalog().tableExists("victims")).isTrue();
    }
}
