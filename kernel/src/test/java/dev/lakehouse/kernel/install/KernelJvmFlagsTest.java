package dev.lakehouse.kernel.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class KernelJvmFlagsTest {
    @Test
    void sparkFlagsComeFromTheParentPom() {
        assertThat(KernelJvmFlags.sparkModuleFlags())
                .allMatch(flag -> flag.startsWith("-"))
                .contains("--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
    }

    @Test
    void theKernelStartsWithTheSameFlagsAsTheTestJvm() {
        // Surefire's argLine is spark.jvm.flags too, so this JVM proves the flags are accepted together.
        assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments()).containsAll(KernelJvmFlags.sparkModuleFlags());
        assertThat(KernelJvmFlags.kernelDefaults()).endsWith("-Djava.security.manager=allow", "-Xshare:auto")
                .containsSubsequence(KernelJvmFlags.IDLE_MEMORY).containsSubsequence(KernelJvmFlags.LATER_C2);
    }
}
