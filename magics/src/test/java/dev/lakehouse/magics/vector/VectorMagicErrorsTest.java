package dev.lakehouse.magics.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.magics.api.MagicException;
import dev.lakehouse.magics.testing.Magics;
import dev.lakehouse.magics.testing.RecordingContext;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acceptance: wrong dimension, missing or non-vector column, unknown index and bad filter are explained. */
class VectorMagicErrorsTest {
    private static final SyntheticVectors DATA = new SyntheticVectors(8, 4, 0.5, 3);
    @TempDir
    static Path indexRoot;
    private static VectorMagic magic;
    private final RecordingContext context = new RecordingContext();

    @BeforeAll
    static void buildIndex() {
        VectorTables.createVectorTable("vec_errors", DATA, 50, false);
        magic = new VectorMagic(VectorIndexes.at(indexRoot));
        Magics.run(magic, new RecordingContext(), "%vector index small --table vec_errors --vector-col embedding --id id");
    }

    private void assertFails(String command, String... messageParts) {
        assertThatThrownBy(() -> Magics.run(magic, context, command))
                .isInstanceOf(MagicException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(messageParts).doesNotContain("\tat "));
    }

    @Test
    void wrongDimension() {
        context.withVariable("q", new float[7]);
        assertFails("%vector search small --vector q", "The query vector has 7 dimensions",
                "'small' holds 8-dimensional vectors");
        VectorTables.spark().sql("DROP TABLE IF EXISTS vec_mixed");
        VectorTables.spark().createDataFrame(List.of(VectorTables.vectorRow(1, 0, "a", new float[] {1, 2}),
                        VectorTables.vectorRow(2, 0, "b", new float[] {1, 2, 3})), VectorTables.VECTOR_SCHEMA)
                .write().format("delta").saveAsTable("vec_mixed");
        assertFails("%vector index mixed --table vec_mixed --vector-col embedding --id id",
                "do not all have the same dimension", "2 (1 rows)", "3 (1 rows)");
    }

    @Test
    void missingOrNonVectorColumn() {
        assertFails("%vector index e --table vec_errors --vector-col embeding --id id",
                "No column 'embeding' (--vector-col) in vec_errors", "Did you mean: embedding");
        assertFails("%vector index e --table vec_errors --vector-col label --id id",
                "'label' is string, not a vector", "use --text-col label");
        assertFails("%vector index e --table vec_errors --text-col category --id id",
                "'category' is int; --text-col needs a string column");
        assertFails("%vector index e --table vec_errors --vector-col embedding --id embedding",
                "--id needs a string or integer column");
        assertFails("%vector index e --table vec_nowhere --vector-col embedding --id id", "vec_nowhere");
        assertFails("%vector index e --table vec_errors --vector-col embedding --text-col label --id id",
                "mutually exclusive");
    }

    @Test
    void unknownIndex() {
        assertFails("%vector search smal --text hello", "No vector index 'smal'", "Did you mean: small");
        assertFails("%vector drop nothing_here", "No vector index 'nothing_here'", "Indexes: small");
    }

    @Test
    void badFilter() {
        context.withVariable("q", DATA.vector(1, 0));
        assertFails("%vector search small --vector q --filter \"categry = 1\"", "Bad --filter \"categry = 1\"",
                "categry", "columns of vec_errors");
        assertFails("%vector search small --vector q --filter \"category = = 1\"", "Bad --filter");
    }

    @Test
    void textSearchesNeedATextIndex() {
        assertFails("%vector search small --text hello", "built from the vector column 'embedding'", "--vector VAR");
        context.withVariable("q", DATA.vector(1, 0));
        assertFails("%vector search small --vector q --mode hybrid", "needs full text");
        assertFails("%vector search small --vector q --mode sideways", "Unknown search mode 'sideways'");
        assertFails("%vector search small --vector nothing", "No variable 'nothing'");
    }

    @Test
    void everyCommandAnswersHelp() {
        for (String command : List.of("", "index", "sync", "search", "eval", "list", "info", "drop")) {
            String help = Magics.text(Magics.run(magic, context, ("%vector " + command + " --help").replace("  ", " ")));
            assertThat(help).startsWith("Usage: %vector" + (command.isEmpty() ? "" : " " + command));
        }
        // help texts are picocli format strings: a bare %v once broke them into unformatted text
        assertThat(Magics.text(Magics.run(magic, context, "%vector --help")))
                .contains("Run %vector COMMAND --help").doesNotContain("%%").doesNotContain("%n");
        assertThat(Magics.text(Magics.run(magic, context, "%vector index --help")))
                .contains("  %vector index docs --table docs").doesNotContain("%n");
    }

    @Test
    void badOptionsSayWhichOptionIsWrong() {
        assertFails("%vector search small --bogus 3", "--bogus");
        assertFails("%vector search small --text hi -k many", "many");
        assertFails("%vector frobnicate", "frobnicate");
    }

    @Test
    void dropRemovesTheIndexButNotTheTable() {
        Magics.run(magic, context, "%vector index doomed --table vec_errors --vector-col embedding --id id");
        assertThat(Magics.text(Magics.run(magic, context, "%vector drop doomed"))).contains("Dropped index 'doomed'");
        assertThat(VectorIndexes.at(indexRoot).names()).doesNotContain("doomed");
        List<Row> count = VectorTables.spark().sql("SELECT count(*) FROM vec_errors").collectAsList();
        assertThat(count).containsExactly(RowFactory.create(50L));
    }
}
