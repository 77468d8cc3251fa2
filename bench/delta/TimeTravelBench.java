import dev.lakehouse.magics.delta.Delta;
import dev.lakehouse.magics.spark.SparkSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Time travel benchmark (issue 4, acceptance 5): on Delta tables with 100 commits (checkpoints
 * every 10, Delta's default; one table appended to, one overwritten each commit), how long a full
 * read (count and sum over every row) of version 0 and version 55 takes compared with the latest:
 * through Delta's own {@code VERSION AS OF} and through {@code Delta.at} / {@code %delta at}, which keeps rebuilt
 * historical snapshots. Prints a markdown table: median and p90 of warm reads, and the ratio of
 * each median to Delta's latest-version median.
 *
 * Run from the repository root (Java's single-file source launcher; no build of the bench needed):
 *   mvn -o -q -B -pl magics compile dependency:build-classpath -Dmdep.outputFile=/tmp/magics-cp.txt
 *   java <Spark's --add-opens flags from pom.xml spark.jvm.flags> \
 *        -Xmx2g -cp "magics/target/classes:$(cat /tmp/magics-cp.txt)" bench/delta/TimeTravelBench.java [--runs 15]
 * or simply: bench/delta/time_travel_bench.sh [--runs 15]
 */
public class TimeTravelBench {
    static final int COMMITS = 100;
    static final int ROWS_PER_COMMIT = 10;

    public static void main(String[] args) throws Exception {
        int runs = intArg(args, "--runs", 15);
        Path home = Files.createTempDirectory("time-travel-bench");
        SparkSettings settings = SparkSettings.fromEnvironment(Map.of(
                "LAKEHOUSE_SPARK_MASTER", "local[2]", "LAKEHOUSE_WAREHOUSE", home.resolve("warehouse").toString()));
        SparkSession.Builder builder = SparkSession.builder();
        settings.asMap().forEach(builder::config);
        SparkSession spark = builder.getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        System.out.printf(Locale.ROOT, "%d warm runs per case, interleaved round-robin after %d warm-up runs;"
                + " read = count(*) and sum(amount) over every row.%n", runs, warmups(runs));
        for (String mode : List.of("append", "overwrite")) {
            benchmark(spark, home.resolve("tt_bench_" + mode).toString(), mode, runs);
        }
        spark.stop();
    }

    /**
     * "append": each commit adds 10 rows (version 0 holds 10 rows in 1 file, the latest 1,000 in 100).
     * "overwrite": each commit replaces the table with 1,000 rows, so every version holds the same
     * data and the difference is only the cost of finding the version (log replay).
     */
    static void benchmark(SparkSession spark, String path, String mode, int runs) {
        String table = "delta.`" + path + "`";
        int rowsPerCommit = mode.equals("append") ? ROWS_PER_COMMIT : 1000;
        long writeStart = System.nanoTime();
        for (int i = 0; i < COMMITS; i++) {
            long first = mode.equals("append") ? (long) i * rowsPerCommit : 0;
            spark.range(first, first + rowsPerCommit).selectExpr("id", "id * 2 + " + i + " AS amount")
                    .coalesce(1).write().format("delta").mode(i == 0 ? "errorifexists" : mode).save(path);
        }
        double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
        long latest = COMMITS - 1;
        long coldMillis = timeOnce(() -> read(Delta.at(path, 0)));
        List<Case> cases = new ArrayList<>(List.of(
                new Case("Delta SQL: latest (" + latest + ")", () -> read(spark.sql("SELECT * FROM " + table))),
                new Case("Delta SQL: VERSION AS OF 0", () -> read(spark.sql("SELECT * FROM " + table + " VERSION AS OF 0"))),
                new Case("Delta SQL: VERSION AS OF 55", () -> read(spark.sql("SELECT * FROM " + table + " VERSION AS OF 55"))),
                new Case("Delta.at / %delta at: latest (" + latest + ")", () -> read(Delta.at(path, latest))),
                new Case("Delta.at / %delta at: version 0", () -> read(Delta.at(path, 0))),
                new Case("Delta.at / %delta at: version 55", () -> read(Delta.at(path, 55)))));
        for (Case c : cases) {
            for (int i = 0; i < warmups(runs); i++) {
                c.read.get();
            }
        }
        for (int r = 0; r < runs; r++) {
            for (Case c : cases) {
                long start = System.nanoTime();
                c.read.get();
                c.millis.add((System.nanoTime() - start) / 1e6);
            }
        }
        double baseline = cases.get(0).median();
        System.out.println();
        System.out.printf(Locale.ROOT, "Mode %s: %d commits of %d rows (checkpoints every 10), written in %.1f s.%n%n",
                mode, COMMITS, rowsPerCommit, writeSeconds);
        System.out.println("| read (" + mode + " table) | median ms | p90 ms | median / Delta SQL latest |");
        System.out.println("|---|---:|---:|---:|");
        for (Case c : cases) {
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.2f× |%n", c.name, c.median(), c.p90(), c.median() / baseline);
        }
        System.out.printf(Locale.ROOT, "| Delta.at version 0, first (cold) read: snapshot rebuild + file check | %d | | %.2f× |%n",
                coldMillis, coldMillis / baseline);
    }

    static int warmups(int runs) {
        return Math.max(2, runs / 5);
    }

    record Case(String name, Supplier<Object> read, List<Double> millis) {
        Case(String name, Supplier<Object> read) {
            this(name, read, new ArrayList<>());
        }

        double median() {
            return sorted()[millis.size() / 2];
        }

        double p90() {
            double[] m = sorted();
            return m[Math.min(m.length - 1, (int) Math.ceil(m.length * 0.9) - 1)];
        }

        private double[] sorted() {
            return millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        }
    }

    static long timeOnce(Supplier<Object> read) {
        long start = System.nanoTime();
        read.get();
        return (System.nanoTime() - start) / 1_000_000;
    }

    static Object read(Dataset<Row> data) {
        return data.selectExpr("count(*)", "sum(amount)").collectAsList();
    }

    static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
