package dev.lakehouse.magics.vector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.magics.testing.Magics;
import dev.lakehouse.magics.testing.RecordingContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
        VectorTables.createVectorTable(table, DATA, 1000, changeDataFeed);
        VectorIndexes indexes = VectorIndexes.at(indexRoot);
        VectorMagic magic = new VectorMagic(indexes);
        RecordingContext context = new RecordingContext();
        Magics.run(magic, context, "%vector index " + index + " --table " + table + " --vector-col embedding --id id --metric l2");

        VectorTables.vectorRows(DATA, 1000, 1050).write().format("delta").mode("append").saveAsTable(table);
        List<Row> updated = new ArrayList<>();
        for (long id = 0; id < 10; id++) {
            updated.add(VectorTables.vectorRow(id, 42, "updated", DATA.vector(3, id)));
        }
        VectorTables.spark().createDataFrame(updated, VectorTables.VECTOR_SCHEMA).createOrReplaceTempView("vec_updates");
        VectorTables.spark().sql("MERGE INTO " + table + " t USING vec_updates u ON t.id = u.id "
                + "WHEN MATCHED THEN UPDATE SET *");
        VectorTables.spark().sql("DELETE FROM " + table + " WHERE id BETWEEN 10 AND 29");

        VectorSearch.Result stale = VectorSearch.search(VectorTables.spark(), indexes, index,
                new VectorSearch.Request(null, DATA.vector(1, 1000), 1, null, VectorSearch.Mode.ANN, 100));
        assertThat(stale.warning()).contains("reflects version 0").contains("now at version 3").contains("%vector sync " + index);

        String synced = Magics.text(Magics.run(magic, context, "%vector sync " + index));
        assertThat(synced).contains("from version 0 to 3")
                .contains(changeDataFeed ? "change data feed" : "snapshot diff")
                .contains("60 rows added or updated, 20 deleted");
        assertFound(magic, context, index, 1000, 1050, "row ");
        assertFound(magic, context, index, 0, 10, "updated");
        assertNeverReturned(magic, context, index, indexes);

        // A later version: deleted rows stay gone, the new row appears.
        VectorTables.vectorRows(DATA, 2000, 2001).write().format("delta").mode("append").saveAsTable(table);
        assertThat(Magics.text(Magics.run(magic, context, "%vector sync " + index)))
                .contains("from version 3 to 4").contains("1 rows added or updated, 0 deleted");
        assertFound(magic, context, index, 2000, 2001, "row ");
        assertNeverReturned(magic, context, index, indexes);
        assertThat(Magics.text(Magics.run(magic, context, "%vector sync " + index))).contains("up to date with version 4");
        assertThat(indexes.open(index).lucene().size()).isEqualTo(1000 + 50 - 20 + 1);
    }

    /** Each row's own vector finds that row first, with its current stored columns. */
    @SuppressWarnings("unchecked")
    private static void assertFound(VectorMagic magic, RecordingContext context, String index, long from, long to,
                                    String labelPrefix) {
        for (long id = from; id < to; id++) {
            float[] vector = labelPrefix.equals("updated") ? DATA.vector(3, id) : DATA.vector(1, id);
            context.withVariable("q", vector);
            Row top = ((Dataset<Row>) Magics.run(magic, context, "%vector search " + index + " --vector q -k 1"))
                    .collectAsList().get(0);
            assertThat(top.<Long>getAs("id")).isEqualTo(id);
            assertThat(top.<String>getAs("label")).startsWith(labelPrefix);
        }
    }

    @SuppressWarnings("unchecked")
    private static void assertNeverReturned(VectorMagic magic, RecordingContext context, String index,
                                            VectorIndexes indexes) {
        assertThat(indexes.open(index).lucene().idHashes().keySet()).doesNotContainAnyElementsOf(deletedIds());
        for (long id = 10; id < 30; id++) {
            context.withVariable("q", DATA.vector(1, id));
            for (String mode : List.of("ann", "exact")) {
                List<Row> hits = ((Dataset<Row>) Magics.run(magic, context,
                        "%vector search " + index + " --vector q -k 50 --mode " + mode)).collectAsList();
                assertThat(hits).hasSize(50).noneSatisfy(row -> assertThat(row.<Long>getAs("id")).isBetween(10L, 29L));
            }
        }
    }

    private static Set<String> deletedIds() {
        Set<String> ids = new java.util.HashSet<>();
        for (long id = 10; id < 30; id++) {
            ids.add(Long.toString(id));
        }
        return ids;
    }
}
