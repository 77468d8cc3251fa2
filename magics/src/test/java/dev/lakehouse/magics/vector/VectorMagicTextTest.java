package dev.lakehouse.magics.vector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.testing.Magics;
import dev.lakehouse.magics.testing.RecordingContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A text index end to end: embedding, semantic, filtered, full-text and hybrid search, SQL, eval. */
class VectorMagicTextTest {
    @TempDir
    static Path indexRoot;
    private static VectorMagic magic;
    private final RecordingContext context = new RecordingContext();

    @BeforeAll
    static void buildIndex() {
        VectorTables.createTextTable("vec_docs");
        magic = new VectorMagic(VectorIndexes.at(indexRoot));
        String built = Magics.text(Magics.run(magic, new RecordingContext(),
                "%vector index docs --table vec_docs --text-col body --id doc_id"));
        assertThat(built).contains("Indexed 20 rows of vec_docs (version 0)").contains("384-d cosine")
                .contains("Skipped 1 rows with no text");
    }

    @SuppressWarnings("unchecked")
    private List<Row> search(String arguments) {
        Magics.run(magic, context, "%vector search docs " + arguments + " -o hits");
        return ((Dataset<Row>) context.valueOf("hits")).collectAsList();
    }

    @Test
    void showsTheHitsAsATypedTableWithoutBindingAVariable() {
        RecordingContext fresh = new RecordingContext();
        DisplayData shown = (DisplayData) Magics.run(magic, fresh, "%vector search docs --text \"kneading bread dough\" -k 2");

        String html = (String) shown.data().get(DisplayData.HTML);
        assertThat(html).contains("_rank").contains("_score").contains("doc_id").contains("double").contains("bread dough");
        assertThat(shown.plainText()).contains("bread dough").contains("2 rows");
        assertThat(fresh.variables).isEmpty();
    }

    @Test
    void optionsOfOneSearchDoNotCarryOverToTheNext() {
        RecordingContext first = new RecordingContext();
        Magics.run(magic, first, "%vector search docs --text \"bread\" -k 2 --filter \"category = 'cooking'\" --mode hybrid -o narrow");
        assertThat(((Dataset<?>) first.valueOf("narrow")).count()).isEqualTo(2);

        RecordingContext second = new RecordingContext();
        DisplayData shown = (DisplayData) Magics.run(magic, second, "%vector search docs --text \"bread\"");
        assertThat(shown.plainText()).contains("10 rows").contains("astronomy");
        assertThat(second.variables).isEmpty();
    }

    @Test
    void findsDocumentsByMeaningNotByWords() {
        List<Row> hits = search("--text \"planets and stars in the night sky\" -k 3");

        assertThat(hits).hasSize(3);
        assertThat(hits).allSatisfy(row -> assertThat(row.<String>getAs("category")).isEqualTo("astronomy"));
        assertThat(hits.get(0).<Integer>getAs("_rank")).isEqualTo(1);
        assertThat(hits.get(0).<Double>getAs("_score")).isGreaterThanOrEqualTo(hits.get(1).<Double>getAs("_score"));
        assertThat(hits.get(0).schema().fieldNames()).containsExactly("_rank", "_score", "doc_id", "category", "year", "body");
    }

    @Test
    void filteredHitsAllSatisfyThePredicate() {
        List<Row> cooking = search("--text \"planets and stars in the night sky\" -k 3 --filter \"category = 'cooking'\"");
        List<Row> recent = search("--text \"cooking dinner\" -k 20 --filter \"year >= 2021 AND category <> 'sports'\"");

        assertThat(cooking).hasSize(3).allSatisfy(row -> assertThat(row.<String>getAs("category")).isEqualTo("cooking"));
        assertThat(recent).isNotEmpty().allSatisfy(row -> {
            assertThat(row.<Integer>getAs("year")).isGreaterThanOrEqualTo(2021);
            assertThat(row.<String>getAs("category")).isNotEqualTo("sports");
        });
    }

    @Test
    void fullTextAndHybridModes() {
        List<Row> fulltext = search("--text \"telescopes\" --mode fulltext -k 5");
        List<Row> hybrid = search("--text \"tomato garlic\" --mode hybrid -k 3");
        List<Row> exact = search("--text \"bread\" --mode exact -k 1");

        assertThat(fulltext).hasSize(1);
        assertThat(fulltext.get(0).<String>getAs("body")).contains("telescope");
        assertThat(hybrid.get(0).<String>getAs("body")).contains("tomato sauce");
        assertThat(exact.get(0).<String>getAs("body")).contains("bread dough");
    }

    @Test
    void bindsTheResultAndAnswersSql() {
        Magics.run(magic, context, "%vector search docs --text \"a race\" -k 2 -o hits");
        List<Row> sql = VectorTables.spark().sql(
                "SELECT _rank, category FROM vector_search('docs', 'kneading bread', 2, 'year > 2000', 'hybrid')")
                .collectAsList();

        assertThat(context.variables.get("hits").javaType()).isEqualTo("Dataset<Row>");
        assertThat(((Dataset<?>) context.valueOf("hits")).count()).isEqualTo(2);
        assertThat(sql).hasSize(2);
        assertThat(sql.get(0).getString(1)).isEqualTo("cooking");
    }

    @Test
    @SuppressWarnings("unchecked")
    void evalReportsRecallAndSpeedAsTableAndChart() {
        DisplayData chart = (DisplayData) Magics.run(magic, context, "%vector eval docs --queries 8 -k 3 --ef 3,20 -o quality");

        Map<String, Object> spec = (Map<String, Object>) chart.data().get(DisplayData.VEGA_LITE);
        assertThat(spec).containsKeys("layer", "data");
        assertThat(context.displays).hasSize(1);
        assertThat(context.displays.get(0).plainText()).contains("recall@3").contains("exact").contains("hnsw");
        List<Row> quality = ((Dataset<Row>) context.valueOf("quality")).collectAsList();
        assertThat(quality).hasSize(3);
        // 20 documents: ef=20 explores the whole graph, so it must match exact search.
        assertThat(quality.get(2).<Double>getAs("recall")).isEqualTo(1.0);
    }

    @Test
    void listAndInfoDescribeTheIndex() {
        String list = Magics.text(Magics.run(magic, context, "%vector list"));
        String info = Magics.text(Magics.run(magic, context, "%vector info docs"));

        assertThat(list).contains("docs").contains("vec_docs").contains("up to date");
        assertThat(info).contains("text body (minilm)").contains("indexed table version").contains("BM25");
    }

    @Test
    void embeddingsApiGivesUnitVectorsThatRankParaphrasesClose() {
        float[][] v = Embeddings.embed("The cat sat on the mat.", "A cat is sitting on a rug.", "Stock prices fell sharply.");

        assertThat(v).hasNumberOfRows(3);
        assertThat(v[0]).hasSize(Embeddings.DIMENSION);
        double norm = 0;
        for (float x : v[0]) {
            norm += x * x;
        }
        assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(dot(v[0], v[1])).isGreaterThan(dot(v[0], v[2]) + 0.2);
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
