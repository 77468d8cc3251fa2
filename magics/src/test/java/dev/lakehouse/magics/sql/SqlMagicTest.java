package dev.lakehouse.magics.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.api.MagicException;
import dev.lakehouse.magics.testing.JobCounter;
import dev.lakehouse.magics.testing.Magics;
import dev.lakehouse.magics.testing.RecordingContext;
import dev.lakehouse.magics.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class SqlMagicTest {
    private static final SparkSession spark = TestSpark.session();
    private final SqlMagic magic = new SqlMagic();
    private final RecordingContext context = new RecordingContext();

    @BeforeAll
    static void people() {
        spark.sql("DROP TABLE IF EXISTS people");
        spark.sql("CREATE TABLE people (id INT, name STRING, city STRING, age INT) USING delta");
        spark.sql("INSERT INTO people VALUES (1, 'Ada', 'London', 36), (2, 'Alan', 'London', 41),"
                + " (3, 'Grace', 'New York', 85), (4, 'Edsger', 'Austin', 72), (5, 'Barbara', 'Boston', 50)");
    }

    private Object sql(String cell) {
        return Magics.run(magic, context, cell);
    }

    private static String html(Object result) {
        return (String) ((DisplayData) result).data().get(DisplayData.HTML);
    }

    @Test
    void cellQueryShowsATypedTableAndBindsTheLastResult() {
        Object result = sql("%%sql\nSELECT id, name FROM people WHERE id <= 2 ORDER BY id");

        assertThat(html(result)).contains(">int</span>").contains(">string</span>").contains("Ada").contains("2 rows");
        assertThat(Magics.text(result)).contains("Alan");
        assertThat(context.variables.get("_sql").javaType()).isEqualTo(SqlMagic.DATASET_TYPE);
        assertThat(((Dataset<?>) context.valueOf("_sql")).count()).isEqualTo(2);
    }

    @Test
    void lineMagicKeepsTheSqlExactlyAsTyped() {
        Object result = sql("%sql SELECT 'a  b' AS s, \"it's\" AS t");

        assertThat(Magics.text(result)).contains("a  b").contains("it's");
    }

    @Test
    void captureAndOutBindDatasetVariablesAndViewRegistersATempView() {
        sql("%%sql londoners << --view london_view\nSELECT * FROM people WHERE city = 'London'");
        sql("%%sql -o elders\nSELECT * FROM people WHERE age > 60");

        assertThat(context.variables.get("londoners").javaType()).isEqualTo(SqlMagic.DATASET_TYPE);
        assertThat(((Dataset<?>) context.valueOf("londoners")).count()).isEqualTo(2);
        assertThat(((Dataset<?>) context.valueOf("elders")).count()).isEqualTo(2);
        assertThat(spark.sql("SELECT count(*) FROM london_view").head().getLong(0)).isEqualTo(2);
        assertThat(Magics.text(sql("%sql few << SELECT 1 AS one"))).contains("one");
        assertThat(context.variables).containsKey("few");
    }

    @Test
    void parametersComeFromOptionsOrJavaVariablesWithTypes() {
        context.withVariable("minAge", 50);

        Object result = sql("%%sql -p city=London -p limit=1\nSELECT name FROM people WHERE city = :city OR age > :minAge ORDER BY id LIMIT :limit");

        assertThat(Magics.text(result)).contains("Ada").contains("1 row");
        assertThatThrownBy(() -> sql("%%sql\nSELECT * FROM people WHERE city = :town"))
                .isInstanceOf(MagicException.class)
                .hasMessageContaining("No value for parameter :town").hasMessageContaining("-p town=");
        assertThat(SqlParameters.fromOption("42")).isEqualTo(42);
        assertThat(SqlParameters.fromOption("1.5")).isEqualTo(new java.math.BigDecimal("1.5"));
        assertThat(SqlParameters.fromOption("'007'")).isEqualTo("007");
        assertThat(SqlParameters.fromOption("true")).isEqualTo(true);
    }

    @Test
    void limitComesFromTheOptionOrConfigAndNeverCounts() {
        try (JobCounter jobs = new JobCounter(spark)) {
            assertThat(Magics.text(sql("%%sql --limit 2\nSELECT * FROM people"))).contains("showing 2 of more than 2 rows");
            assertThat(jobs.callSites()).noneMatch(site -> site.startsWith("count"));
        }
        context.config.put("sql.limit", "3");
        assertThat(Magics.text(sql("%%sql\nSELECT * FROM people"))).contains("showing 3 of more than 3 rows");
        context.config.put("sql.limit", "lots");
        assertThatThrownBy(() -> sql("%%sql\nSELECT 1")).hasMessageContaining("sql.limit must be a whole number");
    }

    @Test
    void countGivesTheExactTotal() {
        assertThat(Magics.text(sql("%%sql --limit 2 --count\nSELECT * FROM people"))).contains("showing 2 of 5 rows");
    }

    @Test
    void schemaShowsColumnsWithoutRunningTheQuery() {
        try (JobCounter jobs = new JobCounter(spark)) {
            Object result = sql("%%sql --schema\nSELECT id, upper(name) AS shout FROM people");

            assertThat(Magics.text(result)).contains("shout").contains("string").contains("id").contains("int");
            assertThat(jobs.callSites()).isEmpty();
        }
    }

    @Test
    void explainShowsThePlanAndNeverRunsACommand() {
        assertThat(Magics.text(sql("%%sql --explain\nSELECT * FROM people"))).contains("== Physical Plan ==");
        assertThat(Magics.text(sql("%%sql --explain extended\nSELECT * FROM people"))).contains("== Analyzed Logical Plan ==");
        assertThat(Magics.text(sql("%sql --explain formatted SELECT * FROM people"))).contains("Scan");
        sql("%%sql --explain\nDROP TABLE people");
        assertThat(spark.catalog().tableExists("people")).isTrue();
    }

    @Test
    void formatsTextJsonCsvAndMarkdown() {
        String query = "\nSELECT id, name FROM people WHERE id = 1";

        DisplayData text = (DisplayData) sql("%%sql --format text" + query);
        assertThat(text.data()).containsOnlyKeys(DisplayData.TEXT);
        assertThat(text.plainText()).contains("id  | name").contains("int | string");

        DisplayData json = (DisplayData) sql("%%sql --format json" + query);
        assertThat(json.data().get(DisplayData.JSON)).isEqualTo(List.of(Map.of("id", 1, "name", "Ada")));

        assertThat(Magics.text(sql("%%sql --format csv" + query))).isEqualTo("id,name\n1,Ada\n");
        DisplayData md = (DisplayData) sql("%%sql --format markdown" + query);
        assertThat((String) md.data().get(DisplayData.MARKDOWN)).contains("| id (int) | name (string) |").contains("| 1 | Ada |");

        context.config.put("sql.format", "csv");
        assertThat(Magics.text(sql("%%sql" + query))).isEqualTo("id,name\n1,Ada\n");
    }

    @Test
    void multiRunsEveryStatementAndShowsEachResult() {
        Object last = sql("%%sql --multi\nCREATE OR REPLACE TEMP VIEW multi_v AS SELECT 1 AS n;\nSELECT n + 1 AS m FROM multi_v;");

        assertThat(context.displays).hasSize(1);
        assertThat(context.displays.get(0).plainText()).contains("Created or replaced temporary view multi_v.");
        assertThat(Magics.text(last)).contains("m").contains("2");
        assertThatThrownBy(() -> sql("%%sql\nSELECT 1; SELECT 2"))
                .isInstanceOf(MagicException.class).hasMessageContaining("2 SQL statements").hasMessageContaining("--multi");
    }

    @Test
    void quietRunsAndBindsButShowsNothing() {
        Object result = sql("%%sql -q -o quiet_result\nSELECT * FROM people");

        assertThat(result).isNull();
        assertThat(context.displays).isEmpty();
        assertThat(context.variables).containsKey("quiet_result");
    }

    @Test
    void snippetsAreSavedAndComposedAsCtes() {
        assertThat(Magics.text(sql("%%sql --save londoners_s --no-execute\nSELECT * FROM people WHERE city = 'London'")))
                .contains("Saved snippet londoners_s");
        sql("%%sql -S old_londoners -w londoners_s\nSELECT * FROM londoners_s WHERE age > 40");

        Object result = sql("%%sql -w old_londoners\nSELECT name FROM old_londoners");

        assertThat(Magics.text(result)).contains("Alan").doesNotContain("Ada").contains("1 row");
    }

    @Test
    void readsSqlFromAFileNextToTheNotebook(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("q.sql"), "SELECT count(*) AS n FROM people");
        context.withNotebook(dir.resolve("analysis.ipynb"));

        assertThat(Magics.text(sql("%sql -f q.sql"))).contains("5");
        assertThatThrownBy(() -> sql("%sql -f missing.sql")).hasMessageContaining("Cannot read SQL file");
    }

    @Test
    void plotsTheResultAsVegaLite() {
        DisplayData chart = (DisplayData) sql("%%sql --plot bar -x city -y n\nSELECT city, count(*) AS n FROM people GROUP BY city");

        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) chart.data().get(DisplayData.VEGA_LITE);
        assertThat(spec).containsEntry("$schema", "https://vega.github.io/schema/vega-lite/v5.json");
        assertThat(spec.get("mark").toString()).contains("bar");
        assertThat((List<?>) ((Map<?, ?>) spec.get("data")).get("values")).hasSize(4);
        assertThatThrownBy(() -> sql("%%sql -x city\nSELECT 1")).hasMessageContaining("belong to --plot");
    }

    @Test
    void localCollectsIntoATablesawTable() {
        sql("%%sql --local people_local\nSELECT id, name, age / 2.0 AS half FROM people ORDER BY id");

        assertThat(context.variables.get("people_local").javaType()).isEqualTo("tech.tablesaw.api.Table");
        Table table = (Table) context.valueOf("people_local");
        assertThat(table.rowCount()).isEqualTo(5);
        assertThat(table.intColumn("id").get(0)).isEqualTo(1);
        assertThat(table.stringColumn("name").get(4)).isEqualTo("Barbara");
        assertThat(table.doubleColumn("half").get(0)).isEqualTo(18.0);

        sql("%%sql --local two --limit 2\nSELECT * FROM people");
        assertThat(((Table) context.valueOf("two")).rowCount()).isEqualTo(2);
        assertThat(context.outText()).contains("first 2 rows only");
    }

    @Test
    void ddlAndDmlSayWhatHappened() {
        sql("%sql DROP TABLE IF EXISTS said");
        assertThat(Magics.text(sql("%%sql\nCREATE TABLE said (id INT, v STRING) USING delta"))).isEqualTo("Created table said.");
        assertThat(Magics.text(sql("%%sql\nINSERT INTO said VALUES (1, 'a'), (2, 'b'), (3, 'c')"))).isEqualTo("Inserted 3 rows into said.");
        assertThat(Magics.text(sql("%%sql\nUPDATE said SET v = 'z' WHERE id >= 2"))).isEqualTo("Updated 2 rows in said.");
        assertThat(Magics.text(sql("%%sql\nDELETE FROM said WHERE id = 1"))).isEqualTo("Deleted 1 row from said.");
        assertThat(Magics.text(sql("%%sql\nMERGE INTO said USING (SELECT 2 AS id, 'm' AS v UNION ALL SELECT 9, 'n') s"
                + " ON said.id = s.id WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *")))
                .isEqualTo("Merged into said: 1 updated, 0 deleted, 1 inserted.");
        assertThat(Magics.text(sql("%%sql\nINSERT OVERWRITE said SELECT * FROM said WHERE id > 2"))).isEqualTo("Overwrote said with 2 rows.");
        assertThat(Magics.text(sql("%%sql\nCREATE TABLE said_copy USING delta AS SELECT * FROM said"))).isEqualTo("Created table said_copy with 2 rows.");
        assertThat(Magics.text(sql("%sql DROP TABLE said_copy"))).isEqualTo("Dropped table said_copy.");
        assertThat(Magics.text(sql("%sql CREATE SCHEMA IF NOT EXISTS said_schema"))).isEqualTo("Created schema said_schema.");
        assertThat(Magics.text(sql("%sql SHOW TABLES"))).contains("tableName").contains("said");
    }

    @Test
    void lineWithAQuoteAShellCouldNotSplitStillReachesSpark() {
        // Spark joins adjacent literals ('it' 's'); what matters is that the line reached Spark intact
        assertThat(Magics.text(sql("%sql SELECT 'it''s' AS s"))).contains("its");
        assertThat(Magics.text(sql("%sql SELECT 'it\\'s' AS s"))).contains("it's");
        assertThat(Magics.text(sql("%sql --limit 1 SELECT concat('a', \"'\") AS s"))).contains("a'");

        assertThatThrownBy(() -> sql("%sql SELECT \"a"))
                .isInstanceOf(MagicException.class)
                .hasMessageStartingWith("[PARSE_SYNTAX_ERROR]")
                .hasMessageContaining("SELECT \"a")
                .hasMessageNotContaining("quote");
    }

    @Test
    void aDashHInsideTheSqlIsSqlNotAHelpRequest() {
        assertThat(magic.answersHelpItself()).isTrue();
        assertThat(Magics.text(sql("%sql SELECT '-h' AS flag, 5 -h AS h FROM VALUES (2) AS v(h)"))).contains("-h").contains("3");
    }

    @Test
    void helpAndUnknownOptions() {
        assertThat(Magics.text(sql("%%sql --help"))).contains("%%sql [NAME <<] [OPTIONS]").contains("--limit").contains("--plot");
        assertThatThrownBy(() -> sql("%%sql --limt 3\nSELECT 1"))
                .isInstanceOf(MagicException.class).hasMessageContaining("Unknown option: '--limt'")
                .hasMessageContaining("Usage:");
        assertThatThrownBy(() -> sql("%%sql --format xml\nSELECT 1"))
                .isInstanceOf(MagicException.class).hasMessageContaining("xml");
        assertThatThrownBy(() -> sql("%sql")).hasMessageContaining("No SQL to run");
    }
}
