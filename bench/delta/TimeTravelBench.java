import dev.lakehouse.magics.delta.Delta;
import dev.lakehouse.magics.spark.SparkSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Time travel benchmark (issue 4, acceptance 5): on a Delta table with 100 commits (checkpoints
 * every 10, Delta's default), how long a full read (count and sum over every row) of version 0
 * and version 55 takes compared with the latest version — through Delta's own
 * {@code VERSION AS OF} and through {@code Delta.at} / {@code %delta at}, which keeps rebuilt
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

        String path = home.resolve("tt_bench_orders").toString();
        String table = "delta.`" + path + "`";
        long writeStart = System.nanoTime();
        spark.range(0, ROWS_PER_COMMIT).selectExpr("id", "id * 2 AS amount").write().format("delta").save(path);
        for (int i = 1; i < COMMITS; i++) {
            spark.range((long) i * ROWS_PER_COMMIT, (long) (i + 1) * ROWS_PER_COMMIT).selectExpr("id", "id * 2 AS amount")
                    .write().format("delta").mode("append").save(path);
        }
        double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
        long latest = COMMITS - 1;

        List<String[]> rows = new ArrayList<>();
        long coldMillis = timeOnce(() -> read(Delta.at(path, 0)));
        Case deltaLatest = measure("Delta SQL: latest (" + latest + ")", runs,
                () -> read(spark.sql("SELECT * FROM " + table)));
        List<Case> cases = List.of(deltaLatest,
                measure("Delta SQL: VERSION AS OF 0", runs, () -> read(spark.sql("SELECT * FROM " + table + " VERSION AS OF 0"))),
                measure("Delta SQL: VERSION AS OF 55", runs, () -> read(spark.sql("SELECT * FROM " + table + " VERSION AS OF 55"))),
                measure("Delta.at / %delta at: latest (" + latest + ")", runs, () -> read(Delta.at(path, latest))),
                measure("Delta.at / %delta at: version 0", runs, () -> read(Delta.at(path, 0))),
                measure("Delta.at / %delta at: version 55", runs, () -> read(Delta.at(path, 55))));
        System.out.println();
        System.out.printf(Locale.ROOT, "Table: %d commits of %d rows (checkpoints every 10), written in %.1f s; %d warm runs per case,"
                + " after %d warm-up runs. Read = count(*) and sum(amount) over every row.%n%n", COMMITS, ROWS_PER_COMMIT,
                writeSeconds, runs, Math.max(2, runs / 5));
        System.out.println("| read | median ms | p90 ms | median / Delta latest |");
        System.out.println("|---|---:|---:|---:|");
        for (Case c : cases) {
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.2f× |%n", c.name, c.median, c.p90, c.median / deltaLatest.median);
        }
        System.out.printf(Locale.ROOT, "| Delta.at version 0, first (cold) read: snapshot rebuild + file check | %d | | %.2f× |%n",
                coldMillis, coldMillis / deltaLatest.median);
        spark.stop();
    }

    record Case(String name, double median, double p90) {}

    static Case measure(String name, int runs, Supplier<Object> read) {
        for (int i = 0; i < Math.max(2, runs / 5); i++) {
            read.get();
        }
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            read.get();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return new Case(name, millis[runs / 2], millis[Math.min(runs - 1, (int) Math.ceil(runs * 0.9) - 1)]);
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
