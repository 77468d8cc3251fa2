package dev.lakehouse.kernel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.magics.api.DisplayData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** JShell state semantics through the engine (no Jupyter, no Spark). */
class NotebookEngineTest {
    private static NotebookEngine engine;
    private static int cells;

    @BeforeAll
    static void start() {
        engine = new NotebookEngine(Map.of("LAKEHOUSE_HOME", "target/engine-test-home")).start();
    }

    @AfterAll
    static void stop() {
        ExitGuard.allowExit(); // or Surefire's own System.exit at the end of the fork is blocked
        engine.close();
    }

    static final class Recorded implements OutputSink {
        final List<String> streams = new ArrayList<>();
        final List<DisplayData> displays = new ArrayList<>();

        @Override
        public synchronized void stream(String name, String text) {
            streams.add(name + ":" + text);
        }

        @Override
        public synchronized void display(DisplayData data, String displayId, boolean update) {
            displays.add(data);
        }

        @Override
        public void clearOutput(boolean wait) {}
    }

    private static CellResult run(String code, OutputSink sink) {
        return engine.execute(new CellRequest(code, "test-cell-" + (++cells), false, true), sink);
    }

    private static String value(String code) {
        CellResult r = run(code, new Recorded());
        assertThat(r.error()).as("error of %s", code).isNull();
        return r.value() == null ? null : r.value().plainText();
    }

    @Test
    void lastExpressionIsTheValue() {
        assertThat(value("int a = 20;\na + 22")).isEqualTo("42");
        assertThat(value("int unused = 1;")).isNull();
    }

    @Test
    void redefiningAVariableKeepsTheNewValueAndOthers() {
        value("String who = \"world\"; int keep = 5;");
        value("String who = \"Ada\";");
        assertThat(value("who")).isEqualTo("Ada");
        assertThat(value("keep")).isEqualTo("5");
        assertThat(engine.evaluator().variable("who")).contains("Ada");
    }

    @Test
    void libraryClassesAreCompiledAgainstWhenFirstUsedAndEarlierVariablesSurvive() {
        // Spark's jars reach javac only when a cell needs them (see RuntimeClasspath.split).
        value("int beforeLibraries = 12;");
        assertThat(value("import org.apache.spark.sql.types.DataTypes;\nDataTypes.LongType.typeName()")).isEqualTo("long");
        assertThat(value("Row row = RowFactory.create(1, \"a\");\nrow.size() + beforeLibraries")).isEqualTo("14");
    }

    @Test
    void jarsAddedAfterStartAreCompiledAgainst(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path source = dir.resolve("src/added/Greeter.java");
        java.nio.file.Files.createDirectories(source.getParent());
        java.nio.file.Files.writeString(source, "package added; public class Greeter { public static String hi() { return \"hi\"; } }");
        java.nio.file.Path classes = dir.resolve("classes");
        int status = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), source.toString());
        assertThat(status).isZero();
        engine.evaluator().addToClasspath(classes.toString());
        assertThat(value("added.Greeter.hi()")).isEqualTo("hi");
    }

    @Test
    void laterImportDoesNotNullEarlierVariables() {
        value("java.util.List<String> names = java.util.List.of(\"x\", \"y\");");
        value("import java.util.concurrent.*;");
        assertThat(value("names.size()")).isEqualTo("2");
    }

    @Test
    void redefiningAMethodKeepsUnrelatedVariables() {
        value("int base = 10; int twice(int v) { return v * 2; }");
        value("int twice(int v) { return v * 3; }");
        assertThat(value("twice(base)")).isEqualTo("30");
        value("class Point { int x = 1; }");
        value("class Point { int x = 2; int y = 3; }");
        assertThat(value("new Point().y + base")).isEqualTo("13");
    }

    @Test
    void temporariesDoNotAccumulate() {
        value("1 + 1");
        int before = engine.evaluator().activeSnippetCount();
        for (int i = 0; i < 50; i++) {
            value("\"x\".repeat(3)");
        }
        assertThat(engine.evaluator().activeSnippetCount()).isEqualTo(before);
    }

    @Test
    void printedOutputGoesToTheCell() {
        Recorded sink = new Recorded();
        run("System.out.println(\"hi\"); System.err.print(\"oops\");", sink);
        assertThat(String.join("", sink.streams)).contains("stdout:hi\n").contains("stderr:oops");
    }

    @Test
    void outputFromAThreadStartedByACellGoesToThatCell() throws Exception {
        Recorded first = new Recorded();
        run("Thread t = new Thread(() -> { try { Thread.sleep(300); } catch (Exception e) {} System.out.println(\"late\"); }); t.start();", first);
        Recorded second = new Recorded();
        run("System.out.println(\"now\"); Thread.sleep(600);", second);
        Thread.sleep(100);
        assertThat(String.join("", first.streams)).contains("late");
        assertThat(String.join("", second.streams)).contains("now").doesNotContain("late");
    }

    @Test
    void compileErrorPointsAtTheLine() {
        CellResult r = run("int ok = 1;\nint bad = ;", new Recorded());
        assertThat(r.error().name()).isEqualTo("CompilationError");
        assertThat(String.join("\n", r.error().traceback())).contains("2 | int bad = ;").contains("^");
    }

    @Test
    void exitIsBlockedAndStateSurvives() {
        ExitGuard.install();
        value("int survivor = 7;");
        CellResult r = run("System.exit(3);", new Recorded());
        assertThat(r.error().name()).isEqualTo("java.lang.SecurityException");
        assertThat(value("survivor")).isEqualTo("7");
    }

    @Test
    void stackOverflowAndOutOfMemoryLeaveTheEngineUsable() {
        value("int kept = 11; int down(int n) { return down(n + 1) + 1; }");
        assertThat(run("down(0)", new Recorded()).error().name()).isEqualTo("java.lang.StackOverflowError");
        CellResult oom = run("List<long[]> hog = new ArrayList<>(); while (true) hog.add(new long[50_000_000]);", new Recorded());
        assertThat(oom.error().name()).isEqualTo("java.lang.OutOfMemoryError");
        assertThat(value("kept")).isEqualTo("11");
    }

    private static Thread interruptAfter(long millis) {
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException ignored) {
            }
            engine.interrupt();
        });
        stopper.start();
        return stopper;
    }

    @Test
    void interruptStopsATightLoop() throws Exception {
        value("int before = 3;");
        Thread stopper = interruptAfter(700);
        CellResult r = run("while (true) {}", new Recorded());
        stopper.join();
        assertThat(r.error().name()).isEqualTo("InterruptedException");
        assertThat(value("before")).isEqualTo("3");
    }

    @Test
    void interruptStopsAnExpressionThatNeverReturns() throws Exception {
        value("int kept = 9;");
        Thread stopper = interruptAfter(700);
        // an expression, so it is compiled and run without becoming a JShell snippet (DirectExpressions)
        CellResult r = run("new Object() { int spin() { long n = 0; while (true) { n++; } } }.spin() + kept", new Recorded());
        stopper.join();
        assertThat(r.error().name()).isEqualTo("InterruptedException");
        assertThat(value("kept + 1")).isEqualTo("10");
    }

    @Test
    void interruptReachesACellThatWaitsBehindOneStillCompiling() throws Exception {
        StringBuilder slowToCompile = new StringBuilder("class Many {");
        for (int i = 0; i < 400; i++) {
            slowToCompile.append(" int m").append(i).append("(int x) { return x * ").append(i).append(" + m").append(Math.max(0, i - 1)).append("(x - 1); }");
        }
        slowToCompile.append(" }");
        var pool = java.util.concurrent.Executors.newCachedThreadPool();
        try {
            var first = pool.submit(() -> run(slowToCompile.toString(), new Recorded()));
            Thread.sleep(50);
            engine.interrupt(); // answered at once: javac is not stopped
            assertThat(first.get(30, java.util.concurrent.TimeUnit.SECONDS).error().name()).isEqualTo("InterruptedException");

            var received = new java.util.concurrent.CountDownLatch(1);
            var second = pool.submit(() -> engine.execute(
                    new CellRequest("Thread.sleep(600000);", "test-cell-" + (++cells), false, true), new Recorded(), received::countDown));
            received.await();
            engine.interrupt(); // lands while the second cell waits for javac (or just after): never lost
            CellResult r = second.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(r.error().name()).isEqualTo("InterruptedException");
            assertThat(value("1 + 1")).isEqualTo("2");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void expressionsKeepTheirMeaningWhetherOrNotTheyAreEvaluatedAsADeclaration() {
        assertThat(value("1 + 1")).isEqualTo("2");
        assertThat(value("\"a\" + 1 // a comment")).isEqualTo("a1");
        value("int counter = 4;");
        assertThat(value("counter")).isEqualTo("4");
        assertThat(value("counter = 5")).isEqualTo("5");
        assertThat(value("counter * 2")).isEqualTo("10");
        assertThat(value("new ArrayList<>(List.of(1, 2)).add(3)")).isEqualTo("true");
        value("void hello() { System.out.println(\"hello\"); }");
        Recorded out = new Recorded();
        CellResult voidCall = run("hello()", out);
        assertThat(voidCall.error()).isNull();
        assertThat(voidCall.value()).isNull();
        assertThat(String.join("", out.streams)).contains("hello");
        assertThat(run("hello()", new Recorded()).value()).isNull();

        CellResult unknown = run("notYetDeclared + 1", new Recorded());
        assertThat(unknown.error().value()).isEqualTo("cannot find symbol");
        assertThat(String.join("\n", unknown.error().traceback())).contains("notYetDeclared + 1");
        value("int notYetDeclared = 1;"); // the failed attempt must not come alive now
        CellResult thrown = run("Integer.parseInt(\"x\")", new Recorded());
        assertThat(thrown.error().name()).contains("NumberFormatException");
        assertThat(engine.evaluator().variable(ValueDeclaration.VARIABLE)).isEmpty();
    }

    @Test
    void rebindingAVariableOfTheSameTypeKeepsItsSnippetAndReachesLaterCode() {
        JavaEvaluator java = engine.evaluator();
        assertThat(java.define("rebound", "java.util.List<String>", List.of("a")).failed()).isFalse();
        value("java.util.function.Supplier<Integer> reboundSize = () -> rebound.size();");
        long snippets = java.shell().snippets().count();

        assertThat(java.define("rebound", "java.util.List<String>", List.of("b", "c")).failed()).isFalse();
        assertThat(java.shell().snippets().count()).isEqualTo(snippets);
        assertThat(value("rebound")).isEqualTo("[b, c]");
        assertThat(value("reboundSize.get()")).isEqualTo("2");

        assertThat(java.define("rebound", "String", "now a string").failed()).isFalse(); // another type: redeclared
        assertThat(value("rebound.length()")).isEqualTo("12");
    }

    @Test
    void unknownMagicSuggestsTheClosest() {
        CellResult r = run("%lsmagik", new Recorded());
        assertThat(r.error().value()).contains("%lsmagic");
    }
}
