import dev.lakehouse.magics.vector.Embeddings;
import dev.lakehouse.magics.vector.Hit;
import dev.lakehouse.magics.vector.IndexedDoc;
import dev.lakehouse.magics.vector.LuceneVectorIndex;
import dev.lakehouse.magics.vector.RecallAtK;
import dev.lakehouse.magics.vector.SyntheticVectors;
import dev.lakehouse.magics.vector.VectorMetric;
import dev.lakehouse.magics.vector.VectorSearch;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Vector search benchmark (issue 6, acceptance 3). Prints a markdown table of: HNSW build time,
 * queries per second at recall@10 ≥ 0.90 and ≥ 0.95 against exact brute force measured in the same
 * run, the full ef sweep, and all-MiniLM-L6-v2 embedding throughput.
 *
 * Run from the repository root (Java's single-file source launcher; no build of the bench needed):
 *   mvn -o -q -B -pl magics compile dependency:build-classpath -Dmdep.outputFile=/tmp/magics-cp.txt
 *   java -Xmx3g -cp "magics/target/classes:$(cat /tmp/magics-cp.txt)" bench/vector/VectorBench.java \
 *        [--vectors 200000] [--queries 200] [--threads 2]
 * (any classpath with the magics classes and their dependencies works, e.g. kernel/target/lib/*).
 */
public class VectorBench {
    static final int DIMENSION = 128;
    static final int K = 10;
    static final int[] EFS = {10, 16, 24, 32, 48, 64, 100, 150, 200, 300, 400, 600};

    /** {@code cpuQps}: queries per CPU-second of the searching thread, which a busy machine does not distort. */
    record Point(int ef, double recall, double qps, double cpuQps, double p50Millis) {}

    public static void main(String[] args) throws Exception {
        int vectors = intArg(args, "--vectors", 200_000);
        int queries = intArg(args, "--queries", 200);
        int threads = intArg(args, "--threads", Math.min(4, Runtime.getRuntime().availableProcessors()));
        SyntheticVectors data = new SyntheticVectors(DIMENSION, 100, 0.5, 42);
        List<String[]> table = new ArrayList<>();

        // Build: the way %vector index builds (parallel segments, default m=16, ef_construction=100).
        Path directory = Files.createTempDirectory("vector-bench");
        long cpuBefore = processCpuNanos();
        long start = System.nanoTime();
        LuceneVectorIndex index = LuceneVectorIndex.open(directory, new LuceneVectorIndex.Settings(DIMENSION,
                VectorMetric.COSINE, LuceneVectorIndex.Settings.DEFAULT_M, LuceneVectorIndex.Settings.DEFAULT_EF_CONSTRUCTION));
        try (LuceneVectorIndex.Writer writer = index.writer(threads)) {
            Iterator<IndexedDoc> docs = IntStream.range(0, vectors)
                    .mapToObj(i -> new IndexedDoc(Integer.toString(i), data.vector(1, i), null, i, null)).iterator();
            writer.addAll(docs, threads);
            writer.commit(0);
        }
        double buildSeconds = (System.nanoTime() - start) / 1e9;
        double buildCpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
        table.add(row("HNSW build, " + fmt(vectors) + " x " + DIMENSION + "-d, m=16, ef_construction=100, "
                + threads + " indexing threads (" + index.segmentCount() + " segments)",
                String.format(Locale.ROOT, "%.1f s (%.0f vectors/s; %.1f s CPU)", buildSeconds, vectors / buildSeconds,
                        buildCpuSeconds)));

        // Exact brute force over an in-memory float[][] (the honest baseline: no index at all).
        float[][] all = new float[vectors][];
        for (int i = 0; i < vectors; i++) {
            all[i] = VectorMetric.COSINE.prepare(data.vector(1, i));
        }
        float[][] queryVectors = new float[queries][];
        for (int q = 0; q < queries; q++) {
            queryVectors[q] = data.vector(2, q);
        }
        List<List<Hit>> truth = new ArrayList<>();
        long[] exactNanos = new long[queries];
        long exactCpu = threadCpuNanos();
        for (int q = 0; q < queries; q++) {
            long t = System.nanoTime();
            truth.add(bruteForce(all, VectorMetric.COSINE.prepare(queryVectors[q]), K));
            exactNanos[q] = System.nanoTime() - t;
        }
        double exactCpuQps = queries / ((threadCpuNanos() - exactCpu) / 1e9);
        double exactQps = qps(exactNanos);
        table.add(row("Exact brute force, k=10 (single thread, in-memory scan)",
                String.format(Locale.ROOT, "%.1f queries/s (%.1f per CPU-second; p50 %.1f ms)", exactQps,
                        exactCpuQps, p50(exactNanos))));

        // Sanity: Lucene's own exact search agrees with the brute force.
        double agreement = 0;
        for (int q = 0; q < Math.min(20, queries); q++) {
            agreement += RecallAtK.of(index.exact(queryVectors[q], K, Optional.empty()), truth.get(q));
        }
        if (agreement / Math.min(20, queries) < 0.999) {
            throw new IllegalStateException("exact search disagrees with brute force: " + agreement);
        }

        // HNSW sweep.
        for (int q = 0; q < Math.min(50, queries); q++) {
            index.ann(queryVectors[q], K, 400, Optional.empty()); // warm-up
        }
        List<Point> sweep = new ArrayList<>();
        for (int ef : EFS) {
            long[] nanos = new long[queries];
            double recall = 0;
            long cpu = threadCpuNanos();
            for (int q = 0; q < queries; q++) {
                long t = System.nanoTime();
                List<Hit> found = index.ann(queryVectors[q], K, ef, Optional.empty());
                nanos[q] = System.nanoTime() - t;
                recall += RecallAtK.of(found, truth.get(q));
            }
            double cpuQps = queries / ((threadCpuNanos() - cpu) / 1e9);
            sweep.add(new Point(ef, recall / queries, qps(nanos), cpuQps, p50(nanos)));
        }
        for (double target : new double[] {0.90, 0.95}) {
            Optional<Point> best = sweep.stream().filter(p -> p.recall() >= target).findFirst();
            table.add(row(String.format(Locale.ROOT, "HNSW at recall@10 ≥ %.2f", target), best
                    .map(p -> String.format(Locale.ROOT, "%.0f queries/s at ef=%d (recall %.3f, p50 %.2f ms): %.0fx exact;"
                            + " %.0f per CPU-second: %.0fx exact", p.qps(), p.ef(), p.recall(), p.p50Millis(),
                            p.qps() / exactQps, p.cpuQps(), p.cpuQps() / exactCpuQps))
                    .orElse("not reached up to ef=" + EFS[EFS.length - 1])));
        }
        Point atDefault = sweep.stream().filter(p -> p.ef() == VectorSearch.DEFAULT_EF).findFirst().orElseThrow();
        table.add(row("HNSW at the default ef=" + VectorSearch.DEFAULT_EF, String.format(Locale.ROOT,
                "recall@10 %.3f, %.0f queries/s (%.0f per CPU-second)", atDefault.recall(), atDefault.qps(),
                atDefault.cpuQps())));

        // Embeddings.
        List<String> sentences = sentences(1000);
        Embeddings.embed(sentences.subList(0, 50)); // load the model, warm up
        long t = System.nanoTime();
        long cpu = processCpuNanos();
        Embeddings.embed(sentences);
        double parallel = sentences.size() / ((System.nanoTime() - t) / 1e9);
        double perCpu = sentences.size() / ((processCpuNanos() - cpu) / 1e9);
        t = System.nanoTime();
        for (String s : sentences.subList(0, 300)) {
            Embeddings.embedOne(s);
        }
        double single = 300 / ((System.nanoTime() - t) / 1e9);
        table.add(row("Embedding throughput, all-MiniLM-L6-v2 (ONNX, in-process), " + sentences.size()
                        + " short sentences", String.format(Locale.ROOT,
                "%.0f sentences/s on %d cores (%.0f per CPU-second); %.0f sentences/s on one thread",
                parallel, Runtime.getRuntime().availableProcessors(), perCpu, single)));

        System.out.println("| Metric | Result |");
        System.out.println("| --- | --- |");
        for (String[] r : table) {
            System.out.println("| " + r[0] + " | " + r[1] + " |");
        }
        System.out.println();
        System.out.println("ef sweep (k=10, " + queries + " queries, one thread):");
        System.out.println();
        System.out.println("| ef | recall@10 | queries/s | queries per CPU-second | p50 ms |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: |");
        for (Point p : sweep) {
            System.out.printf(Locale.ROOT, "| %d | %.3f | %.0f | %.0f | %.2f |%n", p.ef(), p.recall(), p.qps(), p.cpuQps(),
                    p.p50Millis());
        }
        System.out.printf(Locale.ROOT, "| exact | 1.000 | %.1f | %.1f | %.2f |%n", exactQps, exactCpuQps, p50(exactNanos));
        System.out.printf(Locale.ROOT, "%n%d cores, Java %s, %s, load average %.1f at the end%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), System.getProperty("os.name"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        index.close();
        deleteRecursively(directory);
    }

    static List<Hit> bruteForce(float[][] all, float[] query, int k) {
        PriorityQueue<float[]> best = new PriorityQueue<>((a, b) -> Float.compare(a[0], b[0]));
        for (int i = 0; i < all.length; i++) {
            float score = VectorMetric.COSINE.luceneScore(query, all[i]);
            if (best.size() < k) {
                best.add(new float[] {score, i});
            } else if (score > best.peek()[0]) {
                best.poll();
                best.add(new float[] {score, i});
            }
        }
        List<Hit> hits = new ArrayList<>();
        for (float[] b : best) {
            hits.add(new Hit(Integer.toString((int) b[1]), b[0], null));
        }
        return hits;
    }

    /** Corpus sentences if run from the repository root, else generated ones. */
    static List<String> sentences(int count) throws IOException {
        Path corpus = Path.of("notebooks", "data", "docs.jsonl");
        List<String> base = new ArrayList<>();
        if (Files.exists(corpus)) {
            for (String line : Files.readAllLines(corpus)) {
                int at = line.indexOf("\"body\": \"");
                if (at >= 0) {
                    base.add(line.substring(at + 9, line.lastIndexOf('"')));
                }
            }
        }
        if (base.isEmpty()) {
            base = List.of("The quick brown fox jumps over the lazy dog.", "Delta Lake keeps every version of a table.");
        }
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(base.get(i % base.size()) + (i >= base.size() ? " (" + i + ")" : ""));
        }
        return out;
    }

    static double qps(long[] nanos) {
        return nanos.length / (Arrays.stream(nanos).sum() / 1e9);
    }

    static double p50(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[(sorted.length - 1) / 2] / 1e6;
    }

    static long threadCpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static String[] row(String metric, String value) {
        return new String[] {metric, value};
    }

    static String fmt(int n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }

    static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
