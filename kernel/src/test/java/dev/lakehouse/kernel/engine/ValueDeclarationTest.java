package dev.lakehouse.kernel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ValueDeclarationTest {
    private final ValueDeclaration rewriter = new ValueDeclaration();

    @Test
    void expressionsBecomeATypedDeclarationKeepingTheirFirstLine() {
        assertThat(rewriter.rewrite("1 + 1;")).contains("Object $cell$value = (1 + 1\n);");
        assertThat(rewriter.rewrite("df.count() // rows")).contains("Object $cell$value = (df.count() // rows\n);");
    }

    @Test
    void statementsDeclarationsAndLambdasAreLeftAlone() {
        for (String source : new String[] {"int x = 3;", "var y = 2;", "String s = \"a\";", "List<String> xs = new ArrayList<>();",
                "Map<String, List<Integer>>[] m;", "for (int i = 0; i < 3; i++) {}", "if (a) b();", "{ x++; }", "return;",
                "class A {}", "import java.util.*;", "@Deprecated void m() {}", "() -> 1", "String::length", "   "}) {
            assertThat(rewriter.rewrite(source)).as(source).isEmpty();
        }
    }

    @Test
    void callsOfMethodsSeenToBeVoidAreLeftAloneFromThenOn() {
        assertThat(rewriter.rewrite("System.out.println(f(x))")).isEmpty();
        assertThat(rewriter.rewrite("greeter.hello(1)")).isPresent();
        rewriter.rememberVoid("other.hello(2);");
        assertThat(rewriter.rewrite("greeter.hello(1)")).isEmpty();
    }

    @Test
    void statementsThatDeclareNothingAreRecognisedAndDeclarationsAreNot() {
        for (String source : new String[] {"for (int i = 0; i < 3; i++) {}", "if (a) b();", "{ int local = 1; }",
                "while (true) {}", "try { f(); } catch (Exception e) {}", "throw new IllegalStateException();",
                "System.out.println(f(x));", "Thread.sleep(10)"}) {
            assertThat(rewriter.statement(source)).as(source).contains(source.strip());
        }
        for (String source : new String[] {"int x = 3;", "var y = 2;", "List<String> xs = new ArrayList<>();", "class A {}",
                "void m() {}", "synchronizedList.add(1)", "format(x)", "return;", "outer: for (;;) {}", "1 + 1", "   "}) {
            assertThat(rewriter.statement(source)).as(source).isEmpty();
        }
        rewriter.rememberVoid("greeter.hello(2);");
        assertThat(rewriter.statement("greeter.hello(1)")).contains("greeter.hello(1)");
    }

    @Test
    void theFinalCallIsTheOutermostTrailingOne() {
        assertThat(ValueDeclaration.finalCall("a.b(x).c(d(e))")).contains("c");
        assertThat(ValueDeclaration.finalCall("System.out.println (x)")).contains("println");
        assertThat(ValueDeclaration.finalCall("a + b")).isEmpty();
    }
}
