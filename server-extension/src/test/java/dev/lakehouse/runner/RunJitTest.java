package dev.lakehouse.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.export.notebook.Notebook;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunJitTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Notebook notebook(String... cells) throws Exception {
        ObjectNode root = JSON.createObjectNode().put("nbformat", 4).put("nbformat_minor", 5);
        root.putObject("metadata");
        ArrayNode array = root.putArray("cells");
        for (String cell : cells) {
            boolean markdown = cell.startsWith("md:");
            ObjectNode c = array.addObject().put("cell_type", markdown ? "markdown" : "code")
                    .put("source", markdown ? cell.substring(3) : cell);
            c.putObject("metadata");
            if (!markdown) {
                c.putArray("outputs");
                c.putNull("execution_count");
            }
        }
        return Notebook.parse(JSON.writeValueAsString(root), "test.ipynb");
    }

    @Test
    void plainJavaCellsDoNotNeedTheFullJit() throws Exception {
        assertThat(RunJit.mayUseSpark(notebook("int n = 3;", "md:# About Spark", "n * 2 // 50% more"))).isFalse();
    }

    @Test
    void anyNamingOfSparkOrAnyMagicDoes() throws Exception {
        assertThat(RunJit.mayUseSpark(notebook("int n = 3;", "spark.range(n).count()"))).isTrue();
        assertThat(RunJit.mayUseSpark(notebook("var s = SparkSession.active();"))).isTrue();
        assertThat(RunJit.mayUseSpark(notebook("import org.apache.spark.sql.*;"))).isTrue();
        assertThat(RunJit.mayUseSpark(notebook("%%sql\nSELECT 1"))).isTrue();
        assertThat(RunJit.mayUseSpark(notebook("int n = 1;\n  %delta history t"))).isTrue();
    }

    @Test
    void theRerunDropsOnlyTheLauncherFlags() {
        List<String> jvm = List.of("--add-opens=java.base/java.nio=ALL-UNNAMED", RunJit.C1_ONLY, RunJit.MARKER, "-Xmx1g");
        String[] argv = {"--add-opens=java.base/java.nio=ALL-UNNAMED", RunJit.C1_ONLY, RunJit.MARKER, "-Xmx1g",
            "-jar", "cli.jar", "run", "nb.ipynb", "-p", "n=2"};
        assertThat(RunJit.fullJitCommand(jvm, Optional.of("/jdk/bin/java"), Optional.of(argv))).contains(List.of(
                "/jdk/bin/java", "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx1g", "-jar", "cli.jar", "run",
                "nb.ipynb", "-p", "n=2"));
    }

    @Test
    void noRerunWithoutTheLauncherMarkerWhenTheUserAlsoAskedForC1OrWhenTheCommandLineIsUnknown() {
        String[] argv = {RunJit.C1_ONLY, "-jar", "cli.jar", "run", "nb.ipynb"};
        assertThat(RunJit.fullJitCommand(List.of(RunJit.C1_ONLY), Optional.of("java"), Optional.of(argv))).isEmpty();
        assertThat(RunJit.fullJitCommand(List.of(RunJit.C1_ONLY, RunJit.MARKER, RunJit.C1_ONLY), Optional.of("java"),
                Optional.of(argv))).isEmpty();
        assertThat(RunJit.fullJitCommand(List.of(RunJit.C1_ONLY, RunJit.MARKER), Optional.of("java"), Optional.empty()))
                .isEmpty();
    }
}
