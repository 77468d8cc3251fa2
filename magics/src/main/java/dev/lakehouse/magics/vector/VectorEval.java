package dev.lakehouse.magics.vector;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.api.MagicException;
import dev.lakehouse.magics.render.ColumnHeader;
import dev.lakehouse.magics.render.TablePreview;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Measures an index on its own data: recall@k of the HNSW search against exact search, and
 * queries per second, for each {@code ef}. Queries are vectors of randomly chosen indexed rows;
 * each query's own row is removed from both result lists, so recall is about finding neighbours,
 * not the query itself. Queries run one at a time on one thread, like interactive searches.
 */
final class VectorEval {
    /** One line of the report; {@code ef} is 0 for the exact baseline. */
    record Line(String search, int ef, double recall, double queriesPerSecond, double p50Millis) {}

    record Report(String index, int k, int queries, int documents, String filter, List<Line> lines) {
        Optional<Line> exact() {
            return lines.stream().filter(l -> l.ef() == 0).findFirst();
        }

        List<Line> approximate() {
            return lines.stream().filter(l -> l.ef() > 0).toList();
        }
    }

    private VectorEval() {}

    static Report evaluate(String name, LuceneVectorIndex lucene, int queries, int k, List<Integer> efs,
                           Optional<IdFilter> filter, String filterText, long seed) {
        if (queries < 1 || k < 1) {
            throw new MagicException("--queries and -k must be at least 1.");
        }
        List<Map.Entry<String, float[]>> sample = lucene.sampleVectors(queries, seed);
        if (sample.isEmpty()) {
            throw new MagicException("Index '" + name + "' is empty; there is nothing to evaluate.");
        }
        List<List<Hit>> truth = new ArrayList<>(sample.size());
        long[] exactNanos = new long[sample.size()];
        for (int i = 0; i < sample.size(); i++) {
            long start = System.nanoTime();
            truth.add(withoutSelf(lucene.exact(sample.get(i).getValue(), k + 1, filter), sample.get(i).getKey(), k));
            exactNanos[i] = System.nanoTime() - start;
        }
        List<Line> lines = new ArrayList<>();
        lines.add(new Line("exact", 0, 1.0, qps(exactNanos), p50Millis(exactNanos)));
        warmUp(lucene, sample, k, efs.stream().mapToInt(Integer::intValue).max().orElse(VectorSearch.DEFAULT_EF), filter);
        for (int ef : efs) {
            long[] nanos = new long[sample.size()];
            double recall = 0;
            for (int i = 0; i < sample.size(); i++) {
                float[] query = sample.get(i).getValue();
                long start = System.nanoTime();
                List<Hit> found = lucene.ann(query, k + 1, ef, filter);
                nanos[i] = System.nanoTime() - start;
                recall += RecallAtK.of(withoutSelf(found, sample.get(i).getKey(), k), truth.get(i));
            }
            lines.add(new Line("hnsw", ef, recall / sample.size(), qps(nanos), p50Millis(nanos)));
        }
        return new Report(name, k, sample.size(), lucene.size(), filterText, lines);
    }

    private static void warmUp(LuceneVectorIndex lucene, List<Map.Entry<String, float[]>> sample, int k, int ef,
                               Optional<IdFilter> filter) {
        for (int i = 0; i < Math.min(20, sample.size()); i++) {
            lucene.ann(sample.get(i).getValue(), k, ef, filter);
        }
    }

    private static List<Hit> withoutSelf(List<Hit> hits, String selfId, int k) {
        List<Hit> others = new ArrayList<>(k);
        for (Hit hit : hits) {
            if (!hit.id().equals(selfId) && others.size() < k) {
                others.add(hit);
            }
        }
        return others;
    }

    private static double qps(long[] nanos) {
        long total = Arrays.stream(nanos).sum();
        return total == 0 ? Double.POSITIVE_INFINITY : nanos.length / (total / 1e9);
    }

    private static double p50Millis(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[(sorted.length - 1) / 2] / 1e6;
    }

    static TablePreview table(Report report) {
        List<ColumnHeader> columns = List.of(new ColumnHeader("search", "string", false),
                new ColumnHeader("ef", "int", true), new ColumnHeader("recall@" + report.k(), "double", true),
                new ColumnHeader("queries/s", "double", true), new ColumnHeader("p50 ms", "double", true));
        List<List<Object>> rows = new ArrayList<>();
        for (Line line : report.lines()) {
            rows.add(Arrays.asList(line.search(), line.ef() == 0 ? null : line.ef(), round(line.recall(), 4),
                    round(line.queriesPerSecond(), 1), round(line.p50Millis(), 3)));
        }
        return new TablePreview(columns, rows, false, OptionalLong.of(rows.size()));
    }

    static String summary(Report report) {
        return "Recall@" + report.k() + " of HNSW vs exact search on " + report.queries() + " queries sampled from '"
                + report.index() + "' (" + report.documents() + " vectors"
                + (report.filter() == null ? "" : ", filter: " + report.filter()) + ")";
    }

    /** Recall against speed, one point per ef, with the exact search's speed as a reference line. */
    static DisplayData chart(Report report) {
        List<Map<String, Object>> values = new ArrayList<>();
        for (Line line : report.approximate()) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("ef", line.ef());
            point.put("label", "ef=" + line.ef());
            point.put("recall", round(line.recall(), 4));
            point.put("qps", round(line.queriesPerSecond(), 1));
            values.add(point);
        }
        String recallTitle = "recall@" + report.k();
        Map<String, Object> x = Map.of("field", "recall", "type", "quantitative", "title", recallTitle,
                "scale", Map.of("zero", false));
        Map<String, Object> y = Map.of("field", "qps", "type", "quantitative", "title", "queries per second",
                "scale", Map.of("type", "log"));
        List<Object> layers = new ArrayList<>();
        layers.add(Map.of("mark", Map.of("type", "line", "point", true, "tooltip", true),
                "encoding", Map.of("x", x, "y", y, "order", Map.of("field", "ef", "type", "quantitative"))));
        layers.add(Map.of("mark", Map.of("type", "text", "dx", 6, "dy", -8, "align", "left"),
                "encoding", Map.of("x", x, "y", y, "text", Map.of("field", "label"))));
        report.exact().ifPresent(exact -> layers.add(exactReference(exact)));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("$schema", "https://vega.github.io/schema/vega-lite/v5.json");
        spec.put("title", summary(report));
        spec.put("width", 480);
        spec.put("height", 300);
        spec.put("data", Map.of("values", values));
        spec.put("layer", layers);
        return DisplayData.vegaLite(spec, summary(report));
    }

    /** A dashed horizontal line at the exact search's speed, labelled. */
    private static Map<String, Object> exactReference(Line exact) {
        Map<String, Object> y = Map.of("field", "qps", "type", "quantitative");
        Map<String, Object> rule = Map.of("mark", Map.of("type", "rule", "strokeDash", List.of(4, 4), "color", "gray"),
                "encoding", Map.of("y", y));
        Map<String, Object> label = Map.of("mark", Map.of("type", "text", "align", "left", "dy", -6, "color", "gray", "x", 4),
                "encoding", Map.of("y", y, "text", Map.of("field", "label")));
        Map<String, Object> data = Map.of("values", List.of(Map.of("qps", round(exact.queriesPerSecond(), 1),
                "label", "exact search")));
        return Map.of("data", data, "layer", List.of(rule, label));
    }

    private static double round(double value, int digits) {
        if (Double.isInfinite(value) || Double.isNaN(value)) {
            return value;
        }
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
