package dev.lakehouse.magics.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.api.RenderOptions;
import dev.lakehouse.magics.testing.JobCounter;
import dev.lakehouse.magics.testing.TestSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class DatasetRendererTest {
    private final SparkSession spark = TestSpark.session();

    @Test
    void escapesValuesAndColumnNamesSoScriptsStayInert() {
        Dataset<Row> ds = spark.sql("SELECT '<script>alert(1)</script>' AS `<b>x</b>`, 'a & \"b\"' AS s");

        String html = (String) Renderers.render(ds, RenderOptions.defaults()).data().get(DisplayData.HTML);

        assertThat(html).doesNotContain("<script>").doesNotContain("<b>x</b>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("&lt;b&gt;x&lt;/b&gt;")
                .contains("a &amp; &quot;b&quot;");
    }

    @Test
    void headerShowsColumnTypesAndNullsAreDistinct() {
        Dataset<Row> ds = spark.sql("SELECT 1 AS id, CAST(NULL AS STRING) AS name, 'NULL' AS word,"
                + " CAST(2.5 AS DECIMAL(10,2)) AS price, array(1, 2) AS tags, named_struct('a', 1) AS st");

        DisplayData display = Renderers.render(ds, RenderOptions.defaults());
        String html = (String) display.data().get(DisplayData.HTML);
        String text = display.plainText();

        assertThat(html).contains("id<br/>").contains(">int</span>").contains(">string</span>")
                .contains(">decimal(10,2)</span>").contains(">array&lt;int&gt;</span>");
        assertThat(html).contains("font-style:italic;opacity:0.5\">NULL</span>");
        assertThat(html).contains("<td>NULL</td>"); // the string 'NULL' is plain text, unlike a null
        assertThat(html).contains("[1, 2]").contains("{a: 1}");
        assertThat(text).contains("id  | name   | word").contains("int | string | string").contains("(1 row)");
    }

    @Test
    void saysMoreThanNRowsWithoutRunningACountJob() {
        Dataset<Row> ds = spark.range(0, 1000, 1, 4).toDF("n");
        try (JobCounter jobs = new JobCounter(spark)) {
            DisplayData display = Renderers.render(ds, new RenderOptions(20));

            assertThat(display.plainText()).contains("showing 20 of more than 20 rows");
            // Every job it ran is the limited collect; a count would add jobs named otherwise.
            assertThat(jobs.callSites()).isNotEmpty()
                    .allMatch(site -> site.startsWith("collectAsList at DatasetRenderer"));

            ds.count(); // the check above can fail: a count job does not pass for the limited collect
            assertThat(jobs.callSites()).anyMatch(site -> !site.startsWith("collectAsList at DatasetRenderer"));
        }
    }

    @Test
    void exactlyNRowsIsNotReportedAsMore() {
        TablePreview preview = DatasetRenderer.preview(spark.range(20), 20);

        assertThat(preview.rows()).hasSize(20);
        assertThat(preview.truncated()).isFalse();
        assertThat(preview.summary()).isEqualTo("20 rows");
        assertThat(DatasetRenderer.preview(spark.range(21), 20).summary()).isEqualTo("showing 20 of more than 20 rows");
    }

    @Test
    void typedDatasetsRenderThroughTheirRows() {
        DisplayData display = Renderers.render(spark.range(3), RenderOptions.defaults());

        assertThat(display.plainText()).contains("id").contains("bigint").contains("(3 rows)");
    }
}
