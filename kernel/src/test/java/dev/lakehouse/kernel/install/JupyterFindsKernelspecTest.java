package dev.lakehouse.kernel.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real `jupyter kernelspec list` accepts what the installer writes (skipped without the repo's venv). */
class JupyterFindsKernelspecTest {
    /** Not the default name: a kernelspec of that name in the venv would shadow ours. */
    private static final String NAME = "lakehouse-java-installer-test";
    private static final Path JUPYTER = Path.of("..", ".venv", "bin", "jupyter").toAbsolutePath().normalize();

    @TempDir
    Path temp;

    @Test
    void kernelspecListShowsTheInstalledKernel() throws Exception {
        assumeTrue(Files.isExecutable(JUPYTER), "no " + JUPYTER + "; run the setup first");
        Path jar = TestJars.jar(temp.resolve("lakehouse-kernel.jar"), null);
        KernelInstaller installer = new KernelInstaller(jar, KernelInstaller.runningJava());
        Path dataDir = temp.resolve("jupyter-data");
        installer.install(dataDir.resolve("kernels"), NAME, installer.spec(KernelInstaller.SpecOptions.defaults()));

        ProcessBuilder builder = new ProcessBuilder(JUPYTER.toString(), "kernelspec", "list", "--json");
        builder.environment().put("JUPYTER_DATA_DIR", dataDir.toString());
        builder.redirectError(temp.resolve("stderr.txt").toFile());
        Process process = builder.start();
        byte[] stdout = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(readQuietly(temp.resolve("stderr.txt"))).isZero();
        JsonNode spec = new ObjectMapper().readTree(stdout).path("kernelspecs").path(NAME);
        assertThat(spec.path("resource_dir").asText()).isEqualTo(dataDir.resolve("kernels").resolve(NAME).toString());
        assertThat(spec.path("spec").path("display_name").asText()).isEqualTo("Java (Lakehouse)");
        assertThat(spec.path("spec").path("interrupt_mode").asText()).isEqualTo("message");
        assertThat(spec.path("spec").path("argv").get(0).asText()).isEqualTo(KernelInstaller.runningJava().toString());
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
