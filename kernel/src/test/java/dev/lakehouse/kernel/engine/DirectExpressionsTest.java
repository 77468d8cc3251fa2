package dev.lakehouse.kernel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Expression cells compiled in one javac task instead of as JShell snippets: same values, same
 * errors, and JShell's later declarations always seen (javac is reused between cells).
 */
class DirectExpressionsTest {
    private static JavaEvaluator java;

    @BeforeAll
    static void start() {
        NotebookClassLoader loader = new NotebookClassLoader(DirectExpressionsTest.class.getClassLoader());
        java = new JavaEvaluator(System.getProperty("java.class.path"), loader, new CellThreads(loader, () -> {}));
    }

    @AfterAll
    static void stop() {
        java.close();
    }

    private static Object value(String code) {
        JavaEvaluator.Outcome outcome = java.eval(code);
        assertThat(outcome.error()).as("error of %s", code).isNull();
        return outcome.value();
    }

    private static long snippets() {
        return java.shell().snippets().count();
    }

    @Test
    void anExpressionSeesEveryKindOfDeclarationAndLeavesNoSnippet() {
        value("import java.util.concurrent.atomic.AtomicInteger;");
        value("int base = 40;");
        value("int plusOne(int v) { return v + 1; }");
        value("record Pair(int left, int right) {}");
        long before = snippets();

        assertThat(value("plusOne(base) + new Pair(1, 0).left() + new AtomicInteger(0).get()")).isEqualTo(42);
        assertThat(value("List.of(\"a\", \"b\")")).isEqualTo(List.of("a", "b"));
        assertThat(value("base = 41")).isEqualTo(41);
        assertThat(value("base")).isEqualTo(41);
        assertThat(snippets()).isEqualTo(before);
    }

    @Test
    void theNextExpressionSeesRedefinitions() {
        value("String shape = \"square\";");
        assertThat(value("shape + 1")).isEqualTo("square1");
        value("int shape = 5;");
        assertThat(value("shape + 1")).isEqualTo(6);

        value("int version() { return 1; }");
        assertThat(value("version()")).isEqualTo(1);
        value("int version() { return 2; }");
        assertThat(value("version()")).isEqualTo(2);

        value("record Box(int width) {}");
        assertThat(value("new Box(3).width()")).isEqualTo(3);
        value("record Box(int width, int height) {}");
        assertThat(value("new Box(3, 4).height()")).isEqualTo(4);
    }

    @Test
    void aCellRunAgainRunsAgainWithoutCompilingAgainUntilTheNotebookChanges() {
        value("int[] runs = {0};");
        String runAndNameTheCellsClass = "runs[0]++ + \" \" + new Object() {}.getClass().getEnclosingClass().getName()";
        String first = (String) value(runAndNameTheCellsClass);
        String second = (String) value(runAndNameTheCellsClass);
        assertThat(first).startsWith("0 REPL.$Lakehouse$Expr");
        assertThat(second).isEqualTo("1 " + first.substring(2)); // ran twice, one class

        value("int unrelated = 1;"); // any JShell evaluation: compiled again
        String third = (String) value(runAndNameTheCellsClass);
        assertThat(third).startsWith("2 REPL.$Lakehouse$Expr").isNotEqualTo("2 " + first.substring(2));
        assertThat(value("runs[0]")).isEqualTo(3);
    }

    @Test
    void statementsThatDeclareNothingRunWithoutBecomingSnippets() {
        value("int total = 0;");
        value("java.util.List<Integer> seen = new java.util.ArrayList<>();");
        long before = snippets();

        assertThat(value("for (int i = 1; i <= 4; i++) { total += i; seen.add(i); }")).isSameAs(JavaEvaluator.NO_VALUE);
        assertThat(value("if (total > 5) { seen.clear(); }")).isSameAs(JavaEvaluator.NO_VALUE);
        assertThat(value("Thread.sleep(1)")).isSameAs(JavaEvaluator.NO_VALUE); // "sleep" is known to be void
        assertThat(snippets()).isEqualTo(before);
        assertThat(value("total")).isEqualTo(10);
        assertThat(value("seen.isEmpty()")).isEqualTo(true);

        JavaEvaluator.Outcome thrown = java.eval("if (total > 0)\n  throw new IllegalStateException(\"total \" + total);");
        assertThat(thrown.error().name()).isEqualTo("java.lang.IllegalStateException");
        assertThat(String.join("\n", thrown.error().traceback())).contains("at <cell> (cell line 2)");
        assertThat(snippets()).isEqualTo(before);
    }

    @Test
    void runtimeErrorsPointAtTheCellLineAndTheSnippetThatThrew() {
        value("int divide(int n) {\n    return 10 / n;\n}");
        long before = snippets();
        JavaEvaluator.Outcome outcome = java.eval("1 +\n  divide(0)");
        assertThat(snippets()).isEqualTo(before);
        assertThat(outcome.error().name()).isEqualTo("java.lang.ArithmeticException");
        assertThat(outcome.error().value()).isEqualTo("/ by zero");
        assertThat(String.join("\n", outcome.error().traceback()))
                .contains("at divide (cell line 2)")
                .contains("at <cell> (cell line 2)")
                .doesNotContain("$Lakehouse$");
    }

    @Test
    void whatDoesNotCompileDirectlyIsAnsweredByJShell() {
        JavaEvaluator.Outcome unknown = java.eval("notDeclaredAnywhere * 2");
        assertThat(unknown.error().name()).isEqualTo("CompilationError");
        assertThat(String.join("\n", unknown.error().traceback())).contains("notDeclaredAnywhere * 2").contains("^");

        value("void ping() { System.getProperty(\"ping\"); }");
        JavaEvaluator.Outcome voidCall = java.eval("ping()");
        assertThat(voidCall.error()).isNull();
        assertThat(voidCall.value()).isSameAs(JavaEvaluator.NO_VALUE);
    }

    @Test
    void aValueWhoseDeclarationWasRejectedIsNotSeen() {
        JavaEvaluator.Outcome rejected = java.eval("int broken = \"not a number\";");
        assertThat(rejected.error().name()).isEqualTo("CompilationError");
        JavaEvaluator.Outcome use = java.eval("broken + 1");
        assertThat(use.error()).isNotNull();
    }
}
