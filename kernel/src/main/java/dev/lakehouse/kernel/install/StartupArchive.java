package dev.lakehouse.kernel.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The class-data-sharing (AppCDS) archive a kernelspec maps at start: the classes a kernel loads to
 * start and answer its first cells (jeromq, Jackson, JShell and javac, our engine), already parsed and
 * verified. It is made by running the spec's own command line once in training mode under
 * {@code -XX:ArchiveClassesAtExit}; a JVM that cannot use it (another JDK, a rebuilt jar) warns and
 * starts without it.
 */
public interface StartupArchive {
    String FILE_NAME = "startup.jsa";
    String TRAINING_OPTION = "--startup-training";

    /** What training reports: whether {@code archive} was written, and a line for the user. */
    record Result(boolean written, String message) {}

    /** Runs {@code trainingArgv} (a kernel in training mode) so that it writes {@code archive}. */
    Result train(List<String> trainingArgv, Map<String, String> env, Path archive);

    /** No archive: the kernelspec starts the JVM without one. */
    StartupArchive NONE = (argv, env, archive) -> new Result(false, null);

    /** Trains in a child JVM with its own throw-away LAKEHOUSE_HOME, so the user's history stays untouched. */
    StartupArchive CHILD_JVM = (argv, env, archive) -> {
        Path home = null;
        try {
            home = Files.createTempDirectory("lakehouse-training-home");
            Path log = home.resolve("training.log");
            ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(env);
            builder.environment().put("LAKEHOUSE_HOME", home.toString());
            long started = System.nanoTime();
            Process process = builder.start();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(false, "start-up archive not created: training took longer than 180 s");
            }
            if (process.exitValue() != 0 || !Files.isRegularFile(archive) || Files.size(archive) == 0) {
                Files.deleteIfExists(archive);
                return new Result(false, "start-up archive not created (training exited with " + process.exitValue()
                        + "); the kernel starts without it. Training log:\n" + tail(log));
            }
            return new Result(true, "Start-up archive (CDS) trained in %.1f s".formatted(
                    (System.nanoTime() - started) / 1e9));
        } catch (IOException e) {
            return new Result(false, "start-up archive not created: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "start-up archive not created: interrupted");
        } finally {
            if (home != null) {
                KernelInstaller.deleteQuietly(home);
            }
        }
    };

    /** The spec's argv turned into a training run writing {@code archive}; null when the user's JVM options own CDS. */
    static List<String> trainingArgv(List<String> specArgv, Path archive) {
        if (specArgv.stream().anyMatch(a -> a.contains("SharedArchiveFile") || a.contains("ArchiveClassesAtExit")
                || a.equals("-Xshare:off"))) {
            return null;
        }
        int jar = specArgv.indexOf("-jar");
        List<String> argv = new ArrayList<>(specArgv.subList(0, jar));
        argv.add("-XX:ArchiveClassesAtExit=" + archive);
        argv.addAll(List.of("-jar", specArgv.get(jar + 1), "kernel", TRAINING_OPTION));
        return argv;
    }

    /** The spec's argv mapping {@code archive} at start. */
    static List<String> usingArchive(List<String> specArgv, Path archive) {
        List<String> argv = new ArrayList<>(specArgv);
        argv.add(argv.indexOf("-jar"), "-XX:SharedArchiveFile=" + archive);
        return argv;
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}
