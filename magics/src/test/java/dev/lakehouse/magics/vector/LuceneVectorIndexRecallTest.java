package dev.lakehouse.magics.vector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Acceptance: recall@10 against exact search on 100,000 clustered 128-d vectors, Lucene only. */
class LuceneVectorIndexRecallTest {
    private static final int COUNT = 100_000;
    private static final int DIMENSION = 128;
    private static final int QUERIES = 200;
    private static final SyntheticVectors DATA = new SyntheticVectors(DIMENSION, 100, 0.5, 42);

    @TempDir
    static Path directory;
    private static LuceneVectorIndex index;

    @BeforeAll
    static void build() throws Exception {
        long start = System.nanoTime();
        index = LuceneVectorIndex.open(directory, new LuceneVectorIndex.Settings(DIMENSION, VectorMetric.COSINE,
                LuceneVectorIndex.Settings.DEFAULT_M, LuceneVectorIndex.Settings.DEFAULT_EF_CONSTRUCTION));
        try (LuceneVectorIndex.Writer writer = index.writer(1)) {
            Iterator<IndexedDoc> docs = IntStream.range(0, COUNT)
                    .mapToObj(i -> new IndexedDoc(Integer.toString(i), DATA.vector(1, i), null, i, null)).iterator();
            writer.addAll(docs, 2);
            writer.commit(7);
        }
        System.out.printf("built %,d x %d in %.1f s, %d segment(s)%n", COUNT, DIMENSION,
                (System.nanoTime() - start) / 1e9, index.segmentCount());
    }

    @AfterAll
    static void close() throws Exception {
        index.close();
    }

    @ParameterizedTest(name = "clusters below {0} (about {0}% of rows)")
    @ValueSource(ints = {1, 10, 50})
    void filteredHitsAreAllAllowedAndFilteredRecallIsReported(int clusters) {
        Set<String> allowed = new HashSet<>();
        for (int i = 0; i < COUNT; i++) {
            if (DATA.clusterOf(1, i) < clusters) {
                allowed.add(Integer.toString(i));
            }
        }
        Optional<IdFilter> filter = Optional.of(LuceneVectorIndex.idFilter(allowed));
        double recall = 0;
        int queries = 50;
        for (int q = 0; q < queries; q++) {
            float[] query = DATA.vector(2, q);
            List<Hit> exact = index.exact(query, 10, filter);
            List<Hit> approximate = index.ann(query, 10, VectorSearch.DEFAULT_EF, filter);
            assertThat(approximate).hasSize(10).allMatch(hit -> allowed.contains(hit.id()));
            assertThat(exact).hasSize(10).allMatch(hit -> allowed.contains(hit.id()));
            recall += RecallAtK.of(approximate, exact);
        }
        recall /= queries;
        System.out.printf("filtered recall@10 at ef=%d, %d of %d rows allowed: %.4f%n", VectorSearch.DEFAULT_EF,
                allowed.size(), COUNT, recall);
        // Reported above; the floor only catches a broken filter path. Filters that exclude a query's
        // own cluster leave near-ties in distant clusters, the hardest case for a graph search.
        assertThat(recall).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void recallAtTenIsAtLeast95PercentAtTheDefaultEf() {
        double recall = 0;
        for (int q = 0; q < QUERIES; q++) {
            float[] query = DATA.vector(2, q);
            List<Hit> exact = index.exact(query, 10, Optional.empty());
            List<Hit> approximate = index.ann(query, 10, VectorSearch.DEFAULT_EF, Optional.empty());
            recall += RecallAtK.of(approximate, exact);
        }
        recall /= QUERIES;
        System.out.printf("recall@10 at ef=%d: %.4f%n", VectorSearch.DEFAULT_EF, recall);
        assertThat(recall).isGreaterThanOrEqualTo(0.95);
        assertThat(index.size()).isEqualTo(COUNT);
        assertThat(index.tableVersion()).isEqualTo(7);
    }
}
