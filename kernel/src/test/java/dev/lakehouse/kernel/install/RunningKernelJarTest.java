package dev.lakehouse.kernel.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunningKernelJarTest {
    @TempDir
    Path temp;

    @Test
    void classesLoadedFromAFolderAreNotAnInstallableKernel() {
        assertThatThrownBy(() -> RunningKernelJar.locate(KernelInstaller.class))
                .isInstanceOf(KernelInstallException.class)
                .hasMessageContaining("class folder")
                .hasMessageContaining("mvn -B package");
    }

    @Test
    void aJarFromTheLocalRepositoryIsFound() {
        Path jar = RunningKernelJar.locate(picocli.CommandLine.class);

        assertThat(jar.getFileName().toString()).startsWith("picocli-").endsWith(".jar");
    }

    @Test
    void aJarWhoseLibFolderIsIncompleteIsRejected() throws IOException {
        TestJars.jar(temp.resolve("lib/present.jar"), null);
        Path jar = TestJars.jar(temp.resolve("kernel.jar"), "lib/present.jar lib/missing.jar");

        assertThatThrownBy(() -> RunningKernelJar.verify(jar))
                .hasMessageContaining("needs " + temp.resolve("lib/missing.jar"))
                .hasMessageContaining("mvn -B package");
    }

    @Test
    void aCompleteJarIsAccepted() throws IOException {
        TestJars.jar(temp.resolve("lib/present.jar"), null);
        Path jar = TestJars.jar(temp.resolve("kernel.jar"), "lib/present.jar");

        assertThat(RunningKernelJar.verify(jar)).isEqualTo(jar);
        assertThatThrownBy(() -> RunningKernelJar.verify(temp.resolve("absent.jar"))).hasMessageContaining("does not exist");
    }
}
