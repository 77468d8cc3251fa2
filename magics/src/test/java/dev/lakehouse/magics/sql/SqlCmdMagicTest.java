package dev.lakehouse.magics.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.magics.api.MagicException;
import dev.lakehouse.magics.testing.Magics;
import dev.lakehouse.magics.testing.RecordingContext;
import dev.lakehouse.magics.testing.TestSpark;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SqlCmdMagicTest {
    private static final SparkSession spark = TestSpark.session();
    private final SqlCmdMagic magic = new SqlCmdMagic();
    private final RecordingContext context = new RecordingContext();

    @BeforeAll
    static void tables() {
        spark.sql("CREATE SCHEMA IF NOT EXISTS cmd_db");
        spark.sql("CREATE TABLE IF NOT EXISTS cmd_db.measures (id INT, label STRING, score DOUBLE) USING delta");
        spark.sql("INSERT INTO cmd_db.measures VALUES (1, 'a', 1.0), (2, NULL, 3.0), (3, 'a', NULL)");
    }

    @Test
    void listsTablesOfASchema() {
        String out = Magics.text(Magics.run(magic, context, "%sqlcmd tables --schema cmd_db"));

        assertThat(out).contains("measures").contains("cmd_db").contains("MANAGED");
        assertThatThrownBy(() -> Magics.run(magic, context, "%sqlcmd tables --schema nope_db"))
                .isInstanceOf(MagicException.class).hasMessageContaining("No schema 'nope_db'");
    }

    @Test
    void listsColumns() {
        String out = Magics.text(Magics.run(magic, context, "%sqlcmd columns -t cmd_db.measures"));

        assertThat(out).contains("id").contains("label").contains("score").contains("double");
    }

    @Test
    void profilesEveryColumnInOnePass() {
        String out = Magics.text(Magics.run(magic, context, "%sqlcmd profile -t cmd_db.measures"));

        assertThat(out).contains("non_null").contains("distinct_approx").contains("stddev");
        assertThat(out.lines().filter(l -> l.startsWith("label")).findFirst().orElseThrow())
                .matches("label\\s+\\| string\\s+\\|\\s+2 \\|\\s+1 \\|\\s+1 \\| a\\s+\\| a .*");
        assertThat(out.lines().filter(l -> l.startsWith("score")).findFirst().orElseThrow()).contains("2.0");
    }

    @Test
    void unknownTablesAndSubcommandsAreExplained() {
        assertThatThrownBy(() -> Magics.run(magic, context, "%sqlcmd columns -t cmd_db.measure"))
                .isInstanceOf(MagicException.class).hasMessageContaining("Did you mean: cmd_db.measures");
        assertThatThrownBy(() -> Magics.run(magic, context, "%sqlcmd columns"))
                .isInstanceOf(MagicException.class).hasMessageContaining("--table");
        assertThat(Magics.text(Magics.run(magic, context, "%sqlcmd --help"))).contains("tables").contains("profile");
    }
}
