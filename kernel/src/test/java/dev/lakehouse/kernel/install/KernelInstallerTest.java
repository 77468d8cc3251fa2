package dev.lakehouse.kernel.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelInstallerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private KernelInstaller installer() throws IOException {
        Path jar = TestJars.jar(temp.resolve("build/lakehouse-kernel.jar"), null);
        return new KernelInstaller(jar, Path.of("/opt/jdk/bin/java"));
    }

    @Test
    void writesKernelJsonThatStartsTheJarWithSparkFlagsAndUserOptions() throws IOException {
        KernelInstaller installer = installer();
        KernelSpec spec = installer.spec(new KernelInstaller.SpecOptions("Java (Lakehouse)", List.of("-Xmx2g"),
                "local[2]", Map.of("TZ", "UTC")));
        Path kernels = KernelsDirectory.prefix(temp.resolve("env"));

        KernelInstaller.Installation installation = installer.install(kernels, "lakehouse-java", spec);

        assertThat(installation.directory()).isEqualTo(temp.resolve("env/share/jupyter/kernels/lakehouse-java"));
        assertThat(installation.replaced()).isFalse();
        JsonNode json = JSON.readTree(installation.directory().resolve("kernel.json").toFile());
        List<String> argv = new ArrayList<>();
        json.get("argv").forEach(node -> argv.add(node.asText()));
        assertThat(argv.get(0)).isEqualTo("/opt/jdk/bin/java");
        assertThat(argv).contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "-Djava.security.manager=allow",
                "-Xshare:auto");
        assertThat(argv.subList(argv.size() - 5, argv.size())).containsExactly("-Xmx2g", "-jar",
                temp.resolve("build/lakehouse-kernel.jar").toString(), "kernel", "{connection_file}");
        assertThat(argv.indexOf("-Djava.security.manager=allow")).isLessThan(argv.indexOf("-Xmx2g"));
        assertThat(json.get("display_name").asText()).isEqualTo("Java (Lakehouse)");
        assertThat(json.get("language").asText()).isEqualTo("java");
        assertThat(json.get("interrupt_mode").asText()).isEqualTo("message");
        assertThat(json.get("env").get("LAKEHOUSE_SPARK_MASTER").asText()).isEqualTo("local[2]");
        assertThat(json.get("env").get("TZ").asText()).isEqualTo("UTC");
        assertThat(json.get("metadata").get("debugger").asBoolean(true)).isFalse();
        assertThat(installation.directory().resolve("logo-64x64.png")).isNotEmptyFile();
        assertThat(installation.directory().resolve("logo-32x32.png")).isNotEmptyFile();
    }

    @Test
    void defaultSpecHasNoSparkMasterAndTheDefaultDisplayName() throws IOException {
        KernelSpec spec = installer().spec(KernelInstaller.SpecOptions.defaults());

        assertThat(spec.displayName()).isEqualTo("Java (Lakehouse)");
        assertThat(spec.env()).containsOnlyKeys("SPARK_LOCAL_IP").doesNotContainKey("LAKEHOUSE_SPARK_MASTER");
        assertThat(spec.argv()).containsSubsequence("-jar", "kernel", "{connection_file}");
    }

    @Test
    void installingAgainReplacesTheWholeFolder() throws IOException {
        KernelInstaller installer = installer();
        Path kernels = temp.resolve("kernels");
        Path first = installer.install(kernels, "lakehouse-java", installer.spec(KernelInstaller.SpecOptions.defaults())).directory();
        Files.writeString(first.resolve("stale.txt"), "left over");

        KernelInstaller.Installation second = installer.install(kernels, "lakehouse-java",
                installer.spec(new KernelInstaller.SpecOptions("Renamed", List.of(), null, Map.of())));

        assertThat(second.replaced()).isTrue();
        assertThat(second.directory().resolve("stale.txt")).doesNotExist();
        assertThat(JSON.readTree(second.directory().resolve("kernel.json").toFile()).get("display_name").asText())
                .isEqualTo("Renamed");
        try (var listing = Files.list(kernels)) {
            assertThat(listing.map(p -> p.getFileName().toString()).toList()).containsExactly("lakehouse-java");
        }
    }

    @Test
    void rejectsKernelNamesJupyterWouldNotAccept() throws IOException {
        KernelInstaller installer = installer();
        KernelSpec spec = installer.spec(KernelInstaller.SpecOptions.defaults());

        assertThatThrownBy(() -> installer.install(temp, "../escape", spec))
                .isInstanceOf(KernelInstallException.class)
                .hasMessageContaining("Invalid kernel name '../escape'");
        assertThatThrownBy(() -> installer.install(temp, "has space", spec))
                .hasMessageContaining("letters, digits");
    }

    @Test
    void explainsWhenThePrefixIsNotAFolder() throws IOException {
        KernelInstaller installer = installer();
        Path file = Files.writeString(temp.resolve("not-a-folder"), "x");

        assertThatThrownBy(() -> installer.install(KernelsDirectory.prefix(file), "lakehouse-java",
                installer.spec(KernelInstaller.SpecOptions.defaults())))
                .isInstanceOf(KernelInstallException.class)
                .hasMessageContaining("Cannot create " + file.resolve("share/jupyter/kernels"))
                .hasMessageContaining("--prefix");
    }

    @Test
    void uninstallRemovesTheSpecAndComplainsWhenThereIsNone() throws IOException {
        KernelInstaller installer = installer();
        Path kernels = temp.resolve("kernels");
        installer.install(kernels, "lakehouse-java", installer.spec(KernelInstaller.SpecOptions.defaults()));

        Path removed = KernelInstaller.uninstall(kernels, "lakehouse-java");

        assertThat(removed).doesNotExist();
        assertThatThrownBy(() -> KernelInstaller.uninstall(kernels, "lakehouse-java"))
                .isInstanceOf(KernelInstallException.class)
                .hasMessageContaining("No kernelspec named 'lakehouse-java' in " + kernels)
                .hasMessageContaining("--sys-prefix");
    }

    @Test
    void uninstallLeavesFoldersThatAreNotKernelspecsAlone() throws IOException {
        Path notASpec = Files.createDirectories(temp.resolve("kernels/lakehouse-java"));
        Files.writeString(notASpec.resolve("notes.txt"), "keep me");

        assertThatThrownBy(() -> KernelInstaller.uninstall(temp.resolve("kernels"), "lakehouse-java"))
                .isInstanceOf(KernelInstallException.class);
        assertThat(notASpec.resolve("notes.txt")).exists();
    }
}
