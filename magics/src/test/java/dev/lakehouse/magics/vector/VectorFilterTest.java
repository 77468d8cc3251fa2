package dev.lakehouse.magics.vector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.magics.testing.Magics;
import dev.lakehouse.magics.testing.RecordingContext;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Acceptance: every filtered hit satisfies the predicate; filtered recall against exact search is reported. */
class VectorFilterTest {
    private static final SyntheticVectors DATA = new SyntheticVectors(32, 50, 0.4, 11);
    private static final int ROWS = 5000;
    private static final int QUERIES = 10;
    @TempDir
    static Path indexRoot;
    private static VectorMagic magic;

    @BeforeAll
    static void buildIndex() {
        VectorTables.createVectorTable("vec_filter", DATA, ROWS, false);
        magic = new VectorMagic(VectorIndexes.at(indexRoot));
        Magics.run(magic, new RecordingContext(), "%vector index items --table vec_filter --vector-col embedding --id id");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "category = 3                         | 0.10",
        "category IN (1, 2) AND id % 2 = 0    | 0.10",
        "label LIKE 'row 1%' OR category >= 5 | 0.70"})
    @SuppressWarnings("unchecked")
    void everyFilteredHitSatisfiesThePredicate(String predicate, double selectivity) {
        Predicate<Row> truth = rowPredicate(predicate);
        RecordingContext context = new RecordingContext();
        double recall = 0;
        for (int q = 0; q < QUERIES; q++) {
            context.withVariable("q", DATA.vector(5, q));
            String search = "%vector search items --vector q -k 10 --filter \"" + predicate + "\" --mode ";
            Magics.run(magic, context, search + "ann -o approximate");
            Magics.run(magic, context, search + "exact -o exact");
            List<Row> approximate = ((Dataset<Row>) context.valueOf("approximate")).collectAsList();
            List<Row> exact = ((Dataset<Row>) context.valueOf("exact")).collectAsList();

            assertThat(approximate).hasSize(10).allMatch(truth);
            assertThat(exact).hasSize(10).allMatch(truth);
            recall += overlap(approximate, exact);
        }
        recall /= QUERIES;
        System.out.printf("filtered recall@10 (%s, %.0f%% of rows pass): %.3f%n", predicate, selectivity * 100, recall);
        assertThat(recall).isGreaterThanOrEqualTo(0.9);
    }

    private static double overlap(List<Row> approximate, List<Row> exact) {
        Set<Long> found = new HashSet<>();
        approximate.forEach(r -> found.add(r.getAs("id")));
        return exact.stream().filter(r -> found.contains(r.<Long>getAs("id"))).count() / (double) exact.size();
    }

    /** The same predicates in Java, checked against each hit's stored columns. */
    private static Predicate<Row> rowPredicate(String predicate) {
        return switch (predicate) {
            case "category = 3" -> r -> r.<Integer>getAs("category") == 3;
            case "category IN (1, 2) AND id % 2 = 0" -> r -> (r.<Integer>getAs("category") == 1
                    || r.<Integer>getAs("category") == 2) && r.<Long>getAs("id") % 2 == 0;
            case "label LIKE 'row 1%' OR category >= 5" -> r -> r.<String>getAs("label").startsWith("row 1")
                    || r.<Integer>getAs("category") >= 5;
            default -> throw new IllegalArgumentException(predicate);
        };
    }
}
