package dev.lakehouse.kernel.deps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.magics.api.MagicCall;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A jar added while Spark runs reaches the executors, which load classes with their own loader. */
class SparkJarsTest {
    @TempDir
    Path temp;

    /** Shares the test JVM's session if another test made one; never stopped, as others may use it. */
    private static SparkSession spark() {
        return SparkSession.builder().master("local[2]").appName("kernel-tests")
                .config("spark.sql.shuffle.partitions", "2").config("spark.ui.enabled", "false")
                .getOrCreate();
    }

    private Path jarWithClass(String className, String source) throws IOException {
        Path sources = Files.createDirectories(temp.resolve("src"));
        Path classes = Files.createDirectories(temp.resolve("classes"));
        Path file = Files.writeString(sources.resolve(className + ".java"), source);
        int exit = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), file.toString());
        assertThat(exit).isZero();
        Path jar = temp.resolve("greeter-1.0.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out)) {
            jarOut.putNextEntry(new JarEntry("lh/" + className + ".class"));
            jarOut.write(Files.readAllBytes(classes.resolve("lh").resolve(className + ".class")));
            jarOut.closeEntry();
        }
        return jar;
    }

    @Test
    void classpathMagicHandsTheJarToRunningSparkExecutors() throws IOException {
        Path jar = jarWithClass("Greeter", "package lh; public class Greeter { public static String hi() { return \"hi\"; } }");
        SparkSession spark = spark();
        List<Path> notebook = new ArrayList<>();
        ClasspathMagic magic = new ClasspathMagic(new NotebookClasspath(notebook::add, () -> ProvidedArtifacts.of(List.of())));

        magic.run(MagicCall.parseLineMagic("%classpath " + jar).orElseThrow(), new RecordingMagicContext(null, spark));

        assertThat(notebook).containsExactly(jar);
        List<String> fromDataset = spark.range(2).map((MapFunction<Long, String>) i -> greet(), Encoders.STRING())
                .collectAsList();
        assertThat(fromDataset).containsExactly("hi", "hi");
        List<String> fromRdd = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(List.of(1, 2), 2).map(i -> greet()).collect();
        assertThat(fromRdd).containsExactly("hi", "hi");
    }

    /** Runs in a Spark task: loads the class the way code in a task does, through the task's loader. */
    private static String greet() throws Exception {
        return Class.forName("lh.Greeter", true, Thread.currentThread().getContextClassLoader())
                .getMethod("hi").invoke(null).toString();
    }
}
