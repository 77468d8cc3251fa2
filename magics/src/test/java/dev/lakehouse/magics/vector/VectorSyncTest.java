package dev.lakehouse.magics.vector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.magics.testing.Magics;
import dev.lakehouse.magics.testing.RecordingContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Acceptance: after inserts, updates and deletes plus sync, new rows are found and deleted rows never return. */
class VectorSyncTest {
    private static final SyntheticVectors DATA = new SyntheticVectors(16, 20, 0.3, 7);
    @TempDir
    static Path indexRoot;

    @ParameterizedTest(name = "change data feed enabled: {0}")
    @ValueSource(booleans = {true, false})
    void syncAppliesInsertsUpdatesAndDeletes(boolean changeDataFeed) {
        String table = changeDataFeed ? "vec_sync_cdf" : "vec_sync_plain";
        String index = table + "_idx";
        long v0 = VectorTables.createVectorTable(table, DATA, 300, changeDataFeed);
        VectorIndexes indexes = VectorIndexes.at(indexRoot);
        VectorMagic magic = new VectorMagic(indexes);
        RecordingContext context = new RecordingContext();
        Magics.run(magic, context, "%vector index " + index + " --table " + table + " --vector-col embedding --id id --metric l2");

        VectorTables.vectorRows(DATA, 300, 350).write().format("delta").mode("append").saveAsTable(table);
        List<Row> updated = new ArrayList<>();
        for (long id = 0; id < 10; id++) {
            updated.add(VectorTables.vectorRow(id, 42, "updated", DATA.vector(3, id)));
        }
        VectorTables.spark().createDataFrame(updated, VectorTables.VECTOR_SCHEMA).createOrReplaceTempView("vec_updates");
        VectorTables.spark().sql("MERGE INTO " + table + " t USING vec_updates u ON t.id = u.id WHEN MATCHED THEN UPDATE SET *");
        VectorTables.spark().sql("DELETE FROM " + table + " WHERE id BETWEEN 10 AND 29");

        VectorSearch.Result stale = search(indexes, index, DATA.vector(1, 300), 1, VectorSearch.Mode.ANN);
        assertThat(stale.warning()).contains("reflects version " + v0).contains("now at version " + (v0 + 3))
                .contains("%vector sync " + index);

        String synced = Magics.text(Magics.run(magic, context, "%vector sync " + index));
        assertThat(synced).contains("from version " + v0 + " to " + (v0 + 3))
                .contains(changeDataFeed ? "change data feed" : "snapshot diff")
                .contains("60 rows added or updated, 20 deleted");
        assertThat(search(indexes, index, DATA.vector(1, 300), 1, VectorSearch.Mode.ANN).warning()).isNull();
        assertFound(indexes, index, 1, 300, 350);
        assertFound(indexes, index, 3, 0, 10);
        assertNeverReturned(indexes, index);
        context.withVariable("q", DATA.vector(3, 4));
        Magics.run(magic, context, "%vector search " + index + " --vector q -k 1 -o top");
        @SuppressWarnings("unchecked")
        Row top = ((Dataset<Row>) context.valueOf("top")).first();
        assertThat(top.<Long>getAs("id")).isEqualTo(4L);
        assertThat(top.<String>getAs("label")).isEqualTo("updated");
        assertThat(top.<Integer>getAs("category")).isEqualTo(42);

        // A later version: deleted rows stay gone, the new row appears.
        VectorTables.vectorRows(DATA, 2000, 2001).write().format("delta").mode("append").saveAsTable(table);
        assertThat(Magics.text(Magics.run(magic, context, "%vector sync " + index)))
                .contains("to " + (v0 + 4)).contains("1 rows added or updated, 0 deleted");
        assertFound(indexes, index, 1, 2000, 2001);
        assertNeverReturned(indexes, index);
        assertThat(Magics.text(Magics.run(magic, context, "%vector sync " + index)))
                .contains("up to date with version " + (v0 + 4));
        assertThat(indexes.open(index).lucene().size()).isEqualTo(300 + 50 - 20 + 1);
    }

    private static VectorSearch.Result search(VectorIndexes indexes, String index, float[] vector, int k,
                                              VectorSearch.Mode mode) {
        return VectorSearch.search(VectorTables.spark(), indexes, index,
                new VectorSearch.Request(null, vector, k, null, mode, VectorSearch.DEFAULT_EF));
    }

    /** Each row's own (current) vector finds that row first. */
    private static void assertFound(VectorIndexes indexes, String index, long stream, long from, long to) {
        for (long id = from; id < to; id++) {
            List<Hit> hits = search(indexes, index, DATA.vector(stream, id), 1, VectorSearch.Mode.ANN).hits();
            assertThat(hits).extracting(Hit::id).containsExactly(Long.toString(id));
        }
    }

    /** Deleted rows are in no result, not even among the 50 nearest to their own old vectors. */
    private static void assertNeverReturned(VectorIndexes indexes, String index) {
        List<String> deleted = new ArrayList<>();
        for (long id = 10; id < 30; id++) {
            deleted.add(Long.toString(id));
        }
        assertThat(indexes.open(index).lucene().idHashes().keySet()).doesNotContainAnyElementsOf(deleted);
        for (long id = 10; id < 30; id++) {
            for (VectorSearch.Mode mode : List.of(VectorSearch.Mode.ANN, VectorSearch.Mode.EXACT)) {
                List<Hit> hits = search(indexes, index, DATA.vector(1, id), 50, mode).hits();
                assertThat(hits).hasSize(50).extracting(Hit::id).doesNotContainAnyElementsOf(deleted);
            }
        }
    }
}
