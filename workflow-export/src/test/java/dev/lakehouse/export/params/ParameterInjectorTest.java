package dev.lakehouse.export.params;

import dev.lakehouse.export.notebook.Cell;
import dev.lakehouse.export.notebook.CellTags;
import dev.lakehouse.export.notebook.Notebook;
import dev.lakehouse.export.validation.Problem;
import dev.lakehouse.export.validation.ValidationException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ParameterInjectorTest {

    private static final String PARAMETERS = """
            import java.time.LocalDate;
            String date = "2024-01-01";
            int n = 5;
            long big = 1L;
            double ratio = 0.5;
            boolean dryRun = true;
            LocalDate day = LocalDate.of(2024, 1, 1);
            java.time.LocalDate qualifiedDay = java.time.LocalDate.of(2024, 1, 1);
            List<String> names = List.of("a");
            """;

    private static JShell jshell;

    @BeforeAll
    static void startJShell() {
        jshell = JShell.builder().executionEngine("local").build();
        // The JShell API starts without the jshell tool's default imports; the kernel adds java.util.* the same way.
        jshell.eval("import java.util.*;");
    }

    @AfterAll
    static void stopJShell() {
        jshell.close();
    }

    private static Notebook notebook() {
        Notebook notebook = Notebook.create("lakehouse-java", "java");
        notebook.addCell(Cell.newMarkdown("title", "# Parameterized"));
        notebook.addCell(Cell.newCode("params", PARAMETERS, List.of(CellTags.PARAMETERS)));
        notebook.addCell(Cell.newCode("work", "System.out.println(n);", List.of()));
        return notebook;
    }

    /** Evaluates every snippet of {@code source} in JShell, failing on any rejected or throwing snippet. */
    private static void run(String source) {
        String remaining = source;
        while (!remaining.isBlank()) {
            var info = jshell.sourceCodeAnalysis().analyzeCompletion(remaining);
            for (SnippetEvent event : jshell.eval(info.source())) {
                assertThat(event.status()).as("snippet %s", event.snippet().source()).isNotEqualTo(Snippet.Status.REJECTED);
                assertThat(event.exception()).as("snippet %s", event.snippet().source()).isNull();
            }
            remaining = info.remaining();
        }
    }

    /** The value of a Java expression, as text, via JShell. */
    private static String value(String expression) {
        List<SnippetEvent> events = jshell.eval("String.valueOf(" + expression + ");");
        assertThat(events.get(0).exception()).isNull();
        String literal = events.get(0).value();
        return JavaLiterals.unquote(literal).orElseThrow();
    }

    private static String base64(String expression) {
        String encoded = value("java.util.Base64.getEncoder().encodeToString(" + expression + ".getBytes(java.nio.charset.StandardCharsets.UTF_8))");
        return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    }

    @Test
    void injectsTypedDeclarationsRightAfterTheParametersCell() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("names", "x, y ,z");
        values.put("n", "7");
        values.put("big", "9000000000");
        values.put("ratio", "1e3");
        values.put("dryRun", "FALSE");
        values.put("day", "2024-02-29");
        values.put("qualifiedDay", "2025-12-31");
        values.put("date", "2024-03-01");
        Notebook original = notebook();
        Notebook injected = ParameterInjector.inject(original, values, "p.ipynb");

        assertThat(injected.cells()).extracting(c -> c.id().orElse("")).containsExactly("title", "params", "injected-parameters", "work");
        Cell cell = injected.cell(2);
        assertThat(cell.tags()).containsExactly("injected-parameters");
        assertThat(cell.source()).isEqualTo("""
                // Parameters
                String date = "2024-03-01";
                int n = 7;
                long big = 9000000000L;
                double ratio = 1000.0;
                boolean dryRun = false;
                LocalDate day = LocalDate.of(2024, 2, 29);
                java.time.LocalDate qualifiedDay = java.time.LocalDate.of(2025, 12, 31);
                List<String> names = List.of("x", "y", "z");
                """);
        assertThat(original.cellCount()).as("the input notebook is left alone").isEqualTo(3);

        run(injected.cell(1).source());
        run(cell.source());
        assertThat(value("n + 1")).isEqualTo("8");
        assertThat(value("big")).isEqualTo("9000000000");
        assertThat(value("ratio")).isEqualTo("1000.0");
        assertThat(value("dryRun")).isEqualTo("false");
        assertThat(value("day.getDayOfYear()")).isEqualTo("60");
        assertThat(value("qualifiedDay")).isEqualTo("2025-12-31");
        assertThat(value("names.size()")).isEqualTo("3");
        assertThat(value("date")).isEqualTo("2024-03-01");
    }

    @Test
    void stringsSurviveJavaEscapingExactly() throws Exception {
        List<String> tricky = List.of("say \"hi\"", "C:\\users\\u0041dmin", "two\nlines\ttab", "héllo 日本 🎉",
                "nul\0bell\u0007", "/* not a comment */", "\\", "a,b", "");
        String asJson = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(tricky);
        Notebook injected = ParameterInjector.inject(notebook(), Map.of("names", asJson, "date", tricky.get(1)));
        run(injected.cell(1).source());
        run(injected.cell(2).source());
        String encoded = value("names.stream().map(s -> java.util.Base64.getEncoder().encodeToString("
                + "s.getBytes(java.nio.charset.StandardCharsets.UTF_8))).collect(java.util.stream.Collectors.joining(\",\"))");
        List<String> decoded = java.util.Arrays.stream(encoded.split(",", -1))
                .map(b -> new String(Base64.getDecoder().decode(b), StandardCharsets.UTF_8)).toList();
        assertThat(decoded).containsExactlyElementsOf(tricky);
        assertThat(base64("date")).isEqualTo(tricky.get(1));
    }

    @Test
    void replacesAnEarlierInjectedCell() {
        Notebook once = ParameterInjector.inject(notebook(), Map.of("n", "1"));
        Notebook twice = ParameterInjector.inject(once, Map.of("n", "2"));
        assertThat(twice.cells()).extracting(c -> c.id().orElse("")).containsExactly("title", "params", "injected-parameters", "work");
        assertThat(twice.cell(2).source()).isEqualTo("// Parameters\nint n = 2;\n");
    }

    @Test
    void noValuesLeavesTheNotebookAsItWas() {
        assertThat(ParameterInjector.inject(notebook(), Map.of())).isEqualTo(notebook());
    }

    @Test
    void notebooksWithoutCellIdsGetAnInjectedCellWithoutId() throws Exception {
        Notebook old = Notebook.parse("""
                {"cells": [{"cell_type": "code", "execution_count": null, "metadata": {"tags": ["parameters"]},
                            "outputs": [], "source": "int n = 1;"}],
                 "metadata": {}, "nbformat": 4, "nbformat_minor": 4}
                """, "old.ipynb");
        Notebook injected = ParameterInjector.inject(old, Map.of("n", "3"));
        assertThat(injected.cell(1).id()).isEmpty();
        assertThat(injected.cell(1).json().has("id")).isFalse();
    }

    @Test
    void everyMisfitIsReportedBeforeAnythingRuns() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("n", "abc");
        values.put("dryRun", "maybe");
        values.put("day", "2024-13-01");
        values.put("nn", "1");
        values.put("ratio", "1.5.2");
        values.put("big", "99999999999999999999");
        values.put("names", "[1, 2]");
        ValidationException error = catchThrowableOfType(ValidationException.class,
                () -> ParameterInjector.inject(notebook(), values, "p.ipynb"));
        assertThat(error.problems()).extracting(Problem::toString).containsExactly(
                "-p n=abc: parameter n is declared int but the value \"abc\" is not an integer",
                "-p dryRun=maybe: parameter dryRun is declared boolean but the value \"maybe\" is not true or false",
                "-p day=2024-13-01: parameter day is declared LocalDate but the value \"2024-13-01\" is not a date in ISO format yyyy-MM-dd",
                "-p nn=1: unknown parameter nn (did you mean \"n\"?); declared: date, n, big, ratio, dryRun, day, qualifiedDay, names",
                "-p ratio=1.5.2: parameter ratio is declared double but the value \"1.5.2\" is not a number",
                "-p big=99999999999999999999: parameter big is declared long but the value \"99999999999999999999\" is outside the long range",
                "-p names=[1, 2]: parameter names is declared List<String> but the value \"[1, 2]\" is element 1 is not a string");
    }

    @Test
    void intOverflowSuggestsLong() {
        ValidationException error = catchThrowableOfType(ValidationException.class,
                () -> ParameterInjector.inject(notebook(), Map.of("n", "3000000000")));
        assertThat(error.problems()).singleElement().extracting(Problem::message).isEqualTo(
                "parameter n is declared int but the value \"3000000000\" is outside the int range -2147483648..2147483647 (declare it long)");
    }

    @Test
    void aNotebookWithoutParametersCellCannotTakeValues() {
        Notebook plain = Notebook.create("lakehouse-java", "java");
        plain.addCell(Cell.newCode("c", "int n = 1;", List.of()));
        ValidationException error = catchThrowableOfType(ValidationException.class,
                () -> ParameterInjector.inject(plain, Map.of("n", "2"), "plain.ipynb"));
        assertThat(error.problems()).singleElement().hasToString(
                "plain.ipynb: no cell is tagged \"parameters\", so n cannot be set; tag the cell that declares them");
    }
}
