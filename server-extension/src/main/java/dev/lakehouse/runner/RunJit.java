package dev.lakehouse.runner;

import dev.lakehouse.export.notebook.Cell;
import dev.lakehouse.export.notebook.Notebook;
import dev.lakehouse.kernel.engine.ExitGuard;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Which JIT a headless run uses. A short run of Java cells is CPU-bound on compiling javac, and on
 * two cores C2 takes the core the cells need (20 trivial cells: ~2.0 s end to end with C2, ~1.3 s
 * with C1 only). Spark code wants C2. So the launchers start {@code lakehouse run} on C1 only
 * ({@link #launcherOptions()}, placed before any user JVM option so the user's own choice wins), and a
 * run whose notebook may use Spark relaunches itself once on the full JIT before any cell runs.
 */
public final class RunJit {
    static final String C1_ONLY = "-XX:TieredStopAtLevel=1";
    static final String MARKER = "-Dlakehouse.run.quickJit=true";
    /** Set in a relaunched run: the pid of the process that started it, which it must not outlive. */
    static final String PARENT_ENV = "LAKEHOUSE_RUN_PARENT_PID";

    private static final Pattern SPARK = Pattern.compile("spark", Pattern.CASE_INSENSITIVE);
    private static final Pattern MAGIC_LINE = Pattern.compile("(?m)^\\s*%");

    private RunJit() {}

    /** The JVM options a launcher puts first on the command line of {@code lakehouse run}. */
    public static List<String> launcherOptions() {
        return List.of(C1_ONLY, MARKER);
    }

    /**
     * Conservative: any code cell that names Spark in any spelling ({@code spark}, {@code SparkSession},
     * {@code org.apache.spark}) or holds a magic (most magics reach Spark; {@code %maven} can bring code
     * that does). A wrong "yes" costs one JVM start; a wrong "no" leaves Spark on C1, correct but slower.
     */
    public static boolean mayUseSpark(Notebook notebook) {
        for (Cell cell : notebook.cells()) {
            if (cell.isCode() && (SPARK.matcher(cell.source()).find() || MAGIC_LINE.matcher(cell.source()).find())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The command that reruns this process on the full JIT, if a launcher started it on C1 for speed
     * (exactly one C1 flag: a user who asked for C1 too keeps it) and the command line is readable.
     */
    static Optional<List<String>> fullJitCommand(List<String> jvmArguments, Optional<String> java, Optional<String[]> argv) {
        if (!jvmArguments.contains(MARKER) || jvmArguments.stream().filter(C1_ONLY::equals).count() != 1
                || java.isEmpty() || argv.isEmpty()) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(java.get());
        for (String arg : argv.get()) {
            if (!arg.equals(MARKER) && !arg.equals(C1_ONLY)) {
                command.add(arg);
            }
        }
        return Optional.of(command);
    }

    /**
     * Reruns this {@code lakehouse run} on the full JIT when its notebook may use Spark and a launcher
     * started it on C1; returns the rerun's exit code, or empty to go on in this process.
     */
    public static OptionalInt relaunchIfSparkNeedsIt(java.nio.file.Path notebookPath) throws IOException, InterruptedException {
        List<String> jvmArguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
        if (!jvmArguments.contains(MARKER)) {
            return OptionalInt.empty();
        }
        Notebook notebook;
        try {
            notebook = Notebook.read(notebookPath);
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty(); // the run reports the notebook's problem itself
        }
        if (!mayUseSpark(notebook)) {
            return OptionalInt.empty();
        }
        ProcessHandle.Info self = ProcessHandle.current().info();
        Optional<List<String>> command = fullJitCommand(jvmArguments, self.command(), self.arguments());
        if (command.isEmpty()) {
            return OptionalInt.empty();
        }
        ProcessBuilder builder = new ProcessBuilder(command.get()).inheritIO();
        builder.environment().put(PARENT_ENV, Long.toString(ProcessHandle.current().pid()));
        Process child = builder.start();
        Thread stopChild = new Thread(child::destroy, "stop-relaunched-run");
        Runtime.getRuntime().addShutdownHook(stopChild);
        return OptionalInt.of(child.waitFor());
    }

    /** In a relaunched run: halt if the process that started it dies (it was killed, e.g. a task timeout). */
    public static void followParent() {
        String parent = System.getenv(PARENT_ENV);
        if (parent == null) {
            return;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(Long.parseLong(parent));
        Thread watch = new Thread(() -> {
            while (handle.isPresent() && handle.get().isAlive()) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
            ExitGuard.allowExit(); // the guard vets halt() too
            Runtime.getRuntime().halt(143);
        }, "follow-parent");
        watch.setDaemon(true);
        watch.start();
    }
}
