package dev.lakehouse.magics.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.magics.testing.TestSpark;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two kernels at once, then restarts: each "kernel" is a separate JVM ({@link CatalogProbe}) with
 * its own SparkSession over the same warehouse directory and no metastore.
 */
class TwoKernelCatalogTest {
    @TempDir
    Path warehouse;

    /** A running probe JVM we can send SQL to. */
    private final class Kernel implements AutoCloseable {
        private final Process process;
        private final Writer in;
        private final BufferedReader out;

        Kernel(String name) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (arg.startsWith("--add-opens") || arg.startsWith("-XX:+IgnoreUnrecognizedVMOptions") || arg.startsWith("-Dio.netty")) {
                    command.add(arg);
                }
            }
            command.addAll(List.of("-Xmx768m", "-cp", System.getProperty("java.class.path"),
                    CatalogProbe.class.getName(), warehouse.toString()));
            Path logs = TestSpark.BUILD_DIR.resolve("two-kernel-logs");
            java.nio.file.Files.createDirectories(logs);
            process = new ProcessBuilder(command).redirectError(logs.resolve(name + ".log").toFile()).start();
            in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String first;
            while ((first = out.readLine()) != null && !first.equals("READY")) {
                // skip anything printed before the session is up
            }
            assertThat(first).as("kernel " + name + " started").isEqualTo("READY");
        }

        /** Rows ("a|b") of the statement, or a single "ERR|..." line. */
        List<String> sql(String statement) throws IOException {
            in.write(statement + "\n");
            in.flush();
            List<String> rows = new ArrayList<>();
            for (String line = out.readLine(); line != null && !line.equals("END"); line = out.readLine()) {
                if (line.startsWith("ROW|")) {
                    rows.add(line.substring(4));
                } else if (line.startsWith("ERR|")) {
                    rows.add(line);
                }
            }
            return rows;
        }

        @Override
        public void close() throws Exception {
            in.close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aTableCreatedByNameIsSharedAtOnceAndSurvivesRestarts() throws Exception {
        try (Kernel a = new Kernel("a"); Kernel b = new Kernel("b")) {
            assertThat(a.sql("CREATE SCHEMA sales")).isEmpty();
            assertThat(a.sql("CREATE TABLE sales.orders (id INT, item STRING) USING delta")).isEmpty();
            assertThat(a.sql("INSERT INTO sales.orders VALUES (1, 'tea'), (2, 'milk')")).isEmpty();

            assertThat(b.sql("SELECT id, item FROM sales.orders ORDER BY id")).containsExactly("1|tea", "2|milk");
            assertThat(b.sql("INSERT INTO sales.orders VALUES (3, 'sugar')")).isEmpty();
            assertThat(b.sql("CREATE TABLE notes (text STRING) USING delta")).isEmpty();

            assertThat(a.sql("SELECT count(*) FROM sales.orders")).containsExactly("3");
            assertThat(a.sql("SHOW TABLES")).anyMatch(row -> row.startsWith("default|notes|"));
            assertThat(a.sql("CREATE TABLE notes (text STRING) USING delta")).singleElement()
                    .asString().contains("TABLE_OR_VIEW_ALREADY_EXISTS");
        }
        try (Kernel restarted = new Kernel("c")) {
            assertThat(restarted.sql("SELECT id, item FROM sales.orders ORDER BY id")).containsExactly("1|tea", "2|milk", "3|sugar");
            assertThat(restarted.sql("SELECT count(*) FROM sales.orders VERSION AS OF 1")).containsExactly("2");
            assertThat(restarted.sql("DROP TABLE notes")).isEmpty();
        }
        try (Kernel again = new Kernel("d")) {
            assertThat(again.sql("SHOW TABLES")).noneMatch(row -> row.contains("|notes|"));
            assertThat(again.sql("SHOW TABLES IN sales")).anyMatch(row -> row.startsWith("sales|orders|"));
        }
    }
}
