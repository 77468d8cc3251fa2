package dev.lakehouse.kernel.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The class-data-sharing (AppCDS) archives a kernelspec maps at start, in two layers:
 * <ol>
 *   <li>{@value #FILE_NAME}, a static archive of the classes a kernel loads to start, warm up and
 *   answer its first cells (jeromq, Jackson, JShell and javac, our engine), parsed and verified once;</li>
 *   <li>{@value #SPARK_FILE_NAME}, a dynamic archive on top of it with the classes a first Spark query
 *   loads (Spark, Scala, Delta): about a third of a first query's time.</li>
 * </ol>
 * Two layers because of how pages of a mapped archive become resident: an archive laid out with
 * Spark's classes among the kernel's own kept ~110 MB of it resident in every idle kernel, while
 * the top layer is only touched once Spark runs. Both are mapped at the address they were written
 * for ({@code ArchiveRelocationMode=0}); relocating them would rewrite, and so privately copy,
 * every page. Training runs the spec's own command line in child JVMs; a JVM that cannot use an
 * archive (another JDK, a rebuilt jar) warns and starts without it.
 */
public final class StartupArchive {
    public static final String FILE_NAME = "startup.jsa";
    public static final String SPARK_FILE_NAME = "spark.jsa";
    static final String CLASS_LIST = "startup.classlist";
    public static final String TRAINING_OPTION = "--startup-training";
    public static final String SPARK_TRAINING_OPTION = "--spark";
    /** Fixed-address mapping is a diagnostic option on Java 17 (the default became "relocate" in 17.0.x). */
    static final List<String> MAP_AT_ARCHIVE_ADDRESS = List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0");

    /** Runs one training JVM. */
    public interface Runner {
        /** The outcome of one child JVM: {@code failure} is null when it exited 0 in time. */
        record Outcome(String failure) {
            public boolean ok() {
                return failure == null;
            }
        }

        Outcome run(List<String> argv, Map<String, String> env);
    }

    /** What training reports: the archives written (the base first; empty when none), and a line for the user. */
    public record Result(List<String> archives, String message) {
        public boolean written() {
            return !archives.isEmpty();
        }
    }

    private StartupArchive() {}

    /** Whether the user's JVM options already decide class-data sharing, so no archive is trained. */
    public static boolean userOwnsSharing(List<String> specArgv) {
        return specArgv.stream().anyMatch(a -> a.contains("SharedArchiveFile") || a.contains("ArchiveClassesAtExit")
                || a.contains("SharedClassListFile") || a.equals("-Xshare:off"));
    }

    /**
     * Trains both layers into {@code directory} with the spec's JVM options: a start-up run that lists
     * the classes it loads, a dump of that list into the base archive, then a run with Spark on top of
     * the base that writes the Spark layer. A failed Spark layer leaves the base in use.
     */
    public static Result train(Runner runner, List<String> specArgv, Map<String, String> env, Path directory) {
        long started = System.nanoTime();
        Path classList = directory.resolve(CLASS_LIST);
        Path base = directory.resolve(FILE_NAME);
        Path spark = directory.resolve(SPARK_FILE_NAME);
        // Two warm-up rounds load every class the idle-time warm-up does, in a fraction of its time.
        Runner.Outcome listed = runner.run(startupRun(specArgv, classList), with(env, "LAKEHOUSE_WARMUP_ROUNDS", "2"));
        if (!listed.ok() || !nonEmpty(classList)) {
            return failed("start-up archive not created (" + reason(listed, classList) + "); the kernel starts without it");
        }
        Runner.Outcome dumped = runner.run(dump(specArgv, classList, base), env);
        KernelInstaller.deleteQuietly(classList);
        if (!dumped.ok() || !nonEmpty(base)) {
            KernelInstaller.deleteQuietly(base);
            return failed("start-up archive not created (" + reason(dumped, base) + "); the kernel starts without it");
        }
        Runner.Outcome sparkRun = runner.run(sparkRun(specArgv, base, spark), sparkTrainingEnv(env));
        String seconds = "%.1f s".formatted((System.nanoTime() - started) / 1e9);
        if (!sparkRun.ok() || !nonEmpty(spark)) {
            KernelInstaller.deleteQuietly(spark);
            return new Result(List.of(FILE_NAME), "Start-up archive (CDS) trained in " + seconds
                    + "; its Spark layer was not (" + reason(sparkRun, spark) + "), so a first Spark query starts Spark cold");
        }
        return new Result(List.of(FILE_NAME, SPARK_FILE_NAME), "Start-up archives (CDS, with a Spark layer) trained in " + seconds);
    }

    /** The spec's argv mapping {@code archives} (base first) at start. */
    public static List<String> usingArchives(List<String> specArgv, List<Path> archives) {
        List<String> argv = new ArrayList<>(specArgv);
        List<String> options = new ArrayList<>(MAP_AT_ARCHIVE_ADDRESS);
        options.add("-XX:SharedArchiveFile=" + String.join(":", archives.stream().map(Path::toString).toList()));
        argv.addAll(argv.indexOf("-jar"), options);
        return argv;
    }

    static List<String> startupRun(List<String> specArgv, Path classList) {
        return command(specArgv, List.of("-XX:DumpLoadedClassList=" + classList), "kernel", TRAINING_OPTION);
    }

    static List<String> dump(List<String> specArgv, Path classList, Path base) {
        // -Xshare:dump writes the archive and exits before the jar's main class runs.
        return command(specArgv, List.of("-Xshare:dump", "-XX:SharedClassListFile=" + classList,
                "-XX:SharedArchiveFile=" + base));
    }

    static List<String> sparkRun(List<String> specArgv, Path base, Path spark) {
        List<String> options = new ArrayList<>(MAP_AT_ARCHIVE_ADDRESS);
        options.addAll(List.of("-XX:SharedArchiveFile=" + base, "-XX:ArchiveClassesAtExit=" + spark));
        return command(specArgv, options, "kernel", TRAINING_OPTION, SPARK_TRAINING_OPTION);
    }

    /** The spec's JVM options (without its own -Xshare choice), then {@code options}, the jar and {@code args}. */
    private static List<String> command(List<String> specArgv, List<String> options, String... args) {
        int jar = specArgv.indexOf("-jar");
        List<String> argv = new ArrayList<>();
        specArgv.subList(0, jar).stream().filter(a -> !a.startsWith("-Xshare:")).forEach(argv::add);
        argv.addAll(options);
        argv.addAll(List.of("-jar", specArgv.get(jar + 1)));
        argv.addAll(List.of(args));
        return argv;
    }

    /**
     * Local Spark in the training's own home, whatever master or warehouse the spec names: the cluster
     * may not be up at install time, and training must not write to the user's warehouse.
     */
    static Map<String, String> sparkTrainingEnv(Map<String, String> env) {
        Map<String, String> training = with(env, "LAKEHOUSE_WARMUP_ROUNDS", "0");
        training.put(KernelSpec.SPARK_MASTER_ENV, "local[2]");
        training.remove("LAKEHOUSE_WAREHOUSE");
        return training;
    }

    private static Map<String, String> with(Map<String, String> env, String name, String value) {
        Map<String, String> copy = new HashMap<>(env);
        copy.put(name, value);
        return copy;
    }

    private static Result failed(String message) {
        return new Result(List.of(), message);
    }

    private static String reason(Runner.Outcome outcome, Path expected) {
        return outcome.ok() ? expected.getFileName() + " was not written" : outcome.failure();
    }

    private static boolean nonEmpty(Path file) {
        try {
            return Files.isRegularFile(file) && Files.size(file) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs each training JVM with its own throw-away LAKEHOUSE_HOME, so the user's history and tables stay untouched. */
    public static final Runner CHILD_JVM = (argv, env) -> {
        Path home = null;
        try {
            home = Files.createTempDirectory("lakehouse-training-home");
            Path log = home.resolve("training.log");
            ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(env);
            builder.environment().put("LAKEHOUSE_HOME", home.toString());
            Process process = builder.start();
            if (!process.waitFor(240, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Runner.Outcome("training took longer than 240 s");
            }
            if (process.exitValue() != 0) {
                return new Runner.Outcome("training exited with " + process.exitValue() + "; training log:\n" + tail(log));
            }
            return new Runner.Outcome(null);
        } catch (IOException e) {
            return new Runner.Outcome(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Runner.Outcome("interrupted");
        } finally {
            if (home != null) {
                KernelInstaller.deleteQuietly(home);
            }
        }
    };

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}
