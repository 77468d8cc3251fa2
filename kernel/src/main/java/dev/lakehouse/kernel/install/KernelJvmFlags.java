package dev.lakehouse.kernel.install;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/** The JVM flags every kernel process is started with. */
public final class KernelJvmFlags {
    /** The kernel traps {@code System.exit} in cells with a SecurityManager, which Java 17 allows only on request. */
    public static final String ALLOW_SECURITY_MANAGER = "-Djava.security.manager=allow";
    public static final String CLASS_DATA_SHARING = "-Xshare:auto";
    /**
     * An idle notebook should give memory back: start with a small heap, and shrink it when it is
     * mostly free. Until Spark starts, the kernel calls {@code System.gc()} once after 2 s without cells
     * (engine's {@code IdleMemoryRelease}): a full, compacting collection, which returns ~30 MB more than
     * a concurrent cycle would; then G1's periodic concurrent cycle takes over.
     * The maximum heap stays the JVM's default (a quarter of RAM) unless the user sets -Xmx.
     */
    public static final List<String> IDLE_MEMORY = List.of(
            "-XX:+UseG1GC", "-Xms32m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30");

    /**
     * C2 compiles a method only after three times the usual number of calls. Starting Spark in a
     * kernel is CPU-bound on two cores, and most of that CPU went to C2 compiling start-up code that
     * never runs again (first Spark query ~8.2 -> ~6.4 s, C2 threads 7.3 -> 4.5 s of CPU); code that
     * stays hot still reaches C2 within its first seconds (warm %%sql latency unchanged).
     */
    public static final List<String> LATER_C2 = List.of(
            "-XX:Tier4InvocationThreshold=15000", "-XX:Tier4MinInvocationThreshold=1800",
            "-XX:Tier4CompileThreshold=45000", "-XX:Tier4BackEdgeThreshold=120000");

    private KernelJvmFlags() {}

    /** The --add-opens flags Spark needs on Java 17, as the parent pom's {@code spark.jvm.flags} lists them. */
    public static List<String> sparkModuleFlags() {
        Properties properties = new Properties();
        try (InputStream in = KernelJvmFlags.class.getResourceAsStream("jvm.properties")) {
            if (in == null) {
                throw new IllegalStateException("jvm.properties missing from the kernel jar; rebuild with mvn package");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String flags = properties.getProperty("spark.jvm.flags", "").strip();
        if (flags.isEmpty() || flags.contains("${")) {
            throw new IllegalStateException("jvm.properties was not filtered by Maven; rebuild with mvn package");
        }
        return List.of(flags.split("\\s+"));
    }

    /** Spark's flags followed by the kernel's own. */
    public static List<String> kernelDefaults() {
        List<String> flags = new ArrayList<>(sparkModuleFlags());
        flags.addAll(IDLE_MEMORY);
        flags.addAll(LATER_C2);
        flags.addAll(Arrays.asList(ALLOW_SECURITY_MANAGER, CLASS_DATA_SHARING));
        return List.copyOf(flags);
    }
}
