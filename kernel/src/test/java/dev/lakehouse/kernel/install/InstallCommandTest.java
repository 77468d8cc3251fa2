package dev.lakehouse.kernel.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class InstallCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PythonSysPrefix NO_PYTHON = () -> {
        throw new AssertionError("python3 must not be asked in this test");
    };

    @TempDir
    Path temp;

    private Path jar;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void buildJar() throws IOException {
        jar = TestJars.jar(temp.resolve("kernel/target/lakehouse-kernel.jar"), null);
    }

    private int run(Object command, String... args) {
        CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    /** Writes the files a real training JVM would write for the argv it is given, and remembers the call. */
    private final List<List<String>> trainings = new ArrayList<>();
    private final List<Map<String, String>> trainingEnvs = new ArrayList<>();
    private boolean trainingSucceeds = true;
    private boolean sparkTrainingSucceeds = true;
    private final StartupArchive.Runner trainer = (argv, env) -> {
        trainings.add(argv);
        trainingEnvs.add(env);
        boolean spark = argv.contains(StartupArchive.SPARK_TRAINING_OPTION);
        if (!trainingSucceeds || spark && !sparkTrainingSucceeds) {
            return new StartupArchive.Runner.Outcome("training exited with 1");
        }
        for (String a : argv) {
            for (String writes : List.of("-XX:DumpLoadedClassList=", "-XX:ArchiveClassesAtExit=", "-XX:SharedArchiveFile=")) {
                if (a.startsWith(writes) && (!writes.equals("-XX:SharedArchiveFile=") || argv.contains("-Xshare:dump"))) {
                    try {
                        Files.writeString(Path.of(a.substring(writes.length())), "written by " + writes);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }
        }
        return new StartupArchive.Runner.Outcome(null);
    };

    private int install(Map<String, String> env, Supplier<Path> kernelJar, String... args) {
        return run(new InstallCommand(env, NO_PYTHON, kernelJar, trainer), args);
    }

    private static List<String> argv(JsonNode kernelJson) {
        List<String> argv = new ArrayList<>();
        kernelJson.get("argv").forEach(node -> argv.add(node.asText()));
        return argv;
    }

    @Test
    void trainsBothArchiveLayersInTheSpecFolderAndMapsThemAtTheirAddress() throws IOException {
        Path kernels = temp.resolve("venv/share/jupyter/kernels");

        assertThat(install(Map.of(), () -> jar, "--prefix", temp.resolve("venv").toString())).isZero();

        Path base = kernels.resolve("lakehouse-java").resolve(StartupArchive.FILE_NAME);
        Path spark = kernels.resolve("lakehouse-java").resolve(StartupArchive.SPARK_FILE_NAME);
        assertThat(base).exists();
        assertThat(spark).exists();
        assertThat(kernels.resolve("lakehouse-java").resolve(StartupArchive.CLASS_LIST)).doesNotExist();
        assertThat(argv(kernelJson(kernels, "lakehouse-java"))).doesNotContain("-Xshare:dump")
                .containsSubsequence("-XX:ArchiveRelocationMode=0", "-XX:SharedArchiveFile=" + base + ":" + spark,
                        "-jar", jar.toString(), "kernel", "{connection_file}");
        assertThat(trainings).hasSize(3);
        assertThat(trainings.get(0)).anyMatch(a -> a.startsWith("-XX:DumpLoadedClassList="))
                .endsWith("-jar", jar.toString(), "kernel", StartupArchive.TRAINING_OPTION);
        assertThat(trainings.get(1)).contains("-Xshare:dump").doesNotContain("-Xshare:auto")
                .anyMatch(a -> a.startsWith("-XX:SharedClassListFile=")).endsWith("-jar", jar.toString());
        assertThat(trainings.get(2)).anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit="))
                .endsWith("-jar", jar.toString(), "kernel", StartupArchive.TRAINING_OPTION, StartupArchive.SPARK_TRAINING_OPTION);
        assertThat(out.toString()).contains("Start-up archives (CDS, with a Spark layer) trained");
    }

    @Test
    void theSparkLayerTrainsOnLocalSparkOutsideTheUsersWarehouseWhateverTheSpecNames() throws IOException {
        assertThat(install(Map.of(), () -> jar, "--prefix", temp.resolve("venv").toString(),
                "--spark-master", "spark://cluster:7077", "--env", "LAKEHOUSE_WAREHOUSE=/shared/warehouse")).isZero();

        assertThat(trainingEnvs).hasSize(3);
        assertThat(trainingEnvs.get(0)).containsEntry(KernelSpec.SPARK_MASTER_ENV, "spark://cluster:7077");
        assertThat(trainingEnvs.get(2)).containsEntry(KernelSpec.SPARK_MASTER_ENV, "local[2]")
                .doesNotContainKey("LAKEHOUSE_WAREHOUSE");
    }

    @Test
    void aFailedSparkLayerLeavesTheBaseArchiveInUseAndSaysSo() throws IOException {
        sparkTrainingSucceeds = false;
        Path kernels = temp.resolve("venv/share/jupyter/kernels");

        assertThat(install(Map.of(), () -> jar, "--prefix", temp.resolve("venv").toString())).isZero();

        Path base = kernels.resolve("lakehouse-java").resolve(StartupArchive.FILE_NAME);
        assertThat(argv(kernelJson(kernels, "lakehouse-java"))).contains("-XX:SharedArchiveFile=" + base);
        assertThat(kernels.resolve("lakehouse-java").resolve(StartupArchive.SPARK_FILE_NAME)).doesNotExist();
        assertThat(out.toString()).contains("its Spark layer was not (training exited with 1)");
    }

    @Test
    void aFailedTrainingInstallsTheSpecWithoutAnArchiveAndSaysSo() throws IOException {
        trainingSucceeds = false;
        Path kernels = temp.resolve("venv/share/jupyter/kernels");

        assertThat(install(Map.of(), () -> jar, "--prefix", temp.resolve("venv").toString())).isZero();

        assertThat(argv(kernelJson(kernels, "lakehouse-java"))).noneMatch(a -> a.contains("SharedArchiveFile"));
        assertThat(kernels.resolve("lakehouse-java").resolve(StartupArchive.FILE_NAME)).doesNotExist();
        assertThat(trainings).hasSize(1);
        assertThat(err.toString()).contains("start-up archive not created (training exited with 1)");
    }

    @Test
    void noStartupArchiveSkipsTrainingAndSoDoesAUserOwnedArchiveOption() throws IOException {
        Path kernels = temp.resolve("venv/share/jupyter/kernels");
        String prefix = temp.resolve("venv").toString();

        assertThat(install(Map.of(), () -> jar, "--prefix", prefix, "--no-startup-archive")).isZero();
        assertThat(install(Map.of(), () -> jar, "--prefix", prefix, "--name", "own",
                "--jvm-opt=-XX:SharedArchiveFile=/opt/mine.jsa")).isZero();

        assertThat(trainings).isEmpty();
        assertThat(argv(kernelJson(kernels, "lakehouse-java"))).noneMatch(a -> a.contains("SharedArchiveFile"));
        assertThat(argv(kernelJson(kernels, "own"))).containsOnlyOnce("-XX:SharedArchiveFile=/opt/mine.jsa");
    }

    private static JsonNode kernelJson(Path kernels, String name) throws IOException {
        return JSON.readTree(kernels.resolve(name).resolve("kernel.json").toFile());
    }

    @Test
    void installsIntoAPrefixWithEveryOption() throws IOException {
        Path prefix = temp.resolve("venv");

        int exit = install(Map.of(), () -> jar, "--prefix", prefix.toString(), "--name", "lakehouse-test",
                "--display-name", "Java (test)", "--jvm-opt=-Xmx2g", "--jvm-opt", "-Dlakehouse.flag=1",
                "--spark-master", "local[2]", "--env", "TZ=UTC", "--env", "LAKEHOUSE_HOME=/data",
                "--java", "/usr/lib/jvm/17/bin/java");

        assertThat(exit).as(err.toString()).isZero();
        Path kernels = prefix.resolve("share/jupyter/kernels");
        JsonNode json = kernelJson(kernels, "lakehouse-test");
        List<String> argv = new ArrayList<>();
        json.get("argv").forEach(node -> argv.add(node.asText()));
        assertThat(argv.get(0)).isEqualTo("/usr/lib/jvm/17/bin/java");
        assertThat(argv).containsSubsequence("-Xmx2g", "-Dlakehouse.flag=1", "-jar", jar.toString(), "kernel",
                "{connection_file}");
        assertThat(json.get("display_name").asText()).isEqualTo("Java (test)");
        assertThat(json.get("env").get("LAKEHOUSE_SPARK_MASTER").asText()).isEqualTo("local[2]");
        assertThat(json.get("env").get("TZ").asText()).isEqualTo("UTC");
        assertThat(json.get("env").get("LAKEHOUSE_HOME").asText()).isEqualTo("/data");
        assertThat(out.toString()).contains("Installed kernelspec 'lakehouse-test' (Java (test)) in "
                + kernels.resolve("lakehouse-test")).contains("JUPYTER_PATH=" + prefix.resolve("share/jupyter"));
    }

    @Test
    void defaultsToTheUserFolderAndSaysWhenItReplaces() throws IOException {
        Map<String, String> env = Map.of("JUPYTER_DATA_DIR", temp.resolve("jupyter-data").toString());

        assertThat(install(env, () -> jar)).isZero();
        assertThat(install(env, () -> jar, "--user", "--replace")).isZero();

        JsonNode json = kernelJson(temp.resolve("jupyter-data/kernels"), "lakehouse-java");
        assertThat(json.get("display_name").asText()).isEqualTo("Java (Lakehouse)");
        assertThat(json.get("env").size()).isEqualTo(1);
        assertThat(json.get("env").get("SPARK_LOCAL_IP").asText()).isEqualTo("127.0.0.1");
        assertThat(out.toString()).contains("Installed kernelspec 'lakehouse-java'")
                .contains("Replaced kernelspec 'lakehouse-java'")
                .contains("jupyter kernelspec list");
    }

    @Test
    void sysPrefixUsesTheVirtualenv() throws IOException {
        Path venv = temp.resolve(".venv");

        assertThat(install(Map.of("VIRTUAL_ENV", venv.toString()), () -> jar, "--sys-prefix")).isZero();

        assertThat(kernelJson(venv.resolve("share/jupyter/kernels"), "lakehouse-java").get("language").asText())
                .isEqualTo("java");
    }

    @Test
    void locationOptionsExcludeEachOther() {
        int exit = install(Map.of(), () -> jar, "--user", "--prefix", temp.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("mutually exclusive");
    }

    @Test
    void fromAClassFolderItExplainsHowToBuildTheJar() {
        int exit = install(Map.of("JUPYTER_DATA_DIR", temp.toString()), RunningKernelJar::locate);

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("install failed").contains("class folder").contains("mvn");
        assertThat(temp.resolve("kernels")).doesNotExist();
    }

    @Test
    void helpListsTheOptions() {
        assertThat(install(Map.of(), () -> jar, "--help")).isZero();

        assertThat(out.toString()).contains("Usage: install", "--user", "--sys-prefix", "--prefix=P", "--name=N",
                "--display-name", "--jvm-opt=OPT", "--spark-master=URL", "--env=K=V", "--replace");
    }

    @Test
    void uninstallRemovesWhatInstallWrote() {
        Map<String, String> env = Map.of("JUPYTER_DATA_DIR", temp.resolve("data").toString());
        install(env, () -> jar, "--name", "lakehouse-x");

        int exit = run(new UninstallCommand(env, NO_PYTHON), "--name", "lakehouse-x");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(temp.resolve("data/kernels/lakehouse-x")).doesNotExist();
        assertThat(out.toString()).contains("Removed kernelspec 'lakehouse-x'");
    }

    @Test
    void uninstallOfAMissingSpecFailsWithAHint() {
        int exit = run(new UninstallCommand(Map.of(), NO_PYTHON), "--prefix", temp.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("uninstall failed: No kernelspec named 'lakehouse-java'");
    }

    @Test
    void uninstallHasHelp() {
        assertThat(run(new UninstallCommand(Map.of(), NO_PYTHON), "--help")).isZero();
        assertThat(out.toString()).contains("Usage: uninstall", "--prefix=P", "--name=N");
    }
}
