package dev.lakehouse.kernel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** javac starts with the eager classpath only and gets the deferred part when a cell needs it. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeferredClasspathTest {
    @TempDir
    static Path emptyFolder;
    private static JavaEvaluator java;

    @BeforeAll
    static void start() throws Exception {
        String junitApi = Path.of(Test.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        NotebookClassLoader loader = new NotebookClassLoader(DeferredClasspathTest.class.getClassLoader());
        java = new JavaEvaluator(new RuntimeClasspath.Split(emptyFolder.toString(), junitApi),
                List.of("import org.junit.jupiter.api.*;"), loader, new CellThreads(loader, () -> {}));
    }

    @AfterAll
    static void stop() {
        java.close();
    }

    @Test
    @Order(1)
    void plainJavaDoesNotLoadTheDeferredClasspath() {
        assertThat(java.eval("1 + 1").value()).isEqualTo(2);
        assertThat(java.deferredClasspathLoaded()).isFalse();
    }

    @Test
    @Order(2)
    void aNameFromTheDeferredClasspathLoadsItWithItsImports() {
        JavaEvaluator.Outcome o = java.eval("Test.class.getName()");
        assertThat(o.error()).isNull();
        assertThat(o.value()).isEqualTo("org.junit.jupiter.api.Test");
        assertThat(java.deferredClasspathLoaded()).isTrue();
    }

    @Test
    @Order(3)
    void theJvmsOwnClasspathIsNotWhatJavacCompilesAgainst() {
        // AssertJ is on this JVM's class path but neither in the eager nor the deferred part.
        assertThat(java.eval("org.assertj.core.api.Assertions.class").failed()).isTrue();
    }
}
