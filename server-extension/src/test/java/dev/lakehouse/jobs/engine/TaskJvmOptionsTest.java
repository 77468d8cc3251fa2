package dev.lakehouse.jobs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TaskJvmOptionsTest {
    @Test
    void overrideChoosingAGarbageCollectorReplacesTheDefaultOne() {
        assertThat(TaskLauncher.jvmOptions(List.of("--add-opens=x", "-XX:+UseG1GC", "-Xms32m"), List.of("-XX:+UseSerialGC", "-Xmx512m")))
                .containsExactly("--add-opens=x", "-Xms32m", "-XX:+UseSerialGC", "-Xmx512m");
    }

    @Test
    void withoutACollectorOverrideTheDefaultsStayInFront() {
        assertThat(TaskLauncher.jvmOptions(List.of("-XX:+UseG1GC", "-Xshare:auto"), List.of("-Xmx2g")))
                .containsExactly("-XX:+UseG1GC", "-Xshare:auto", "-Xmx2g");
        assertThat(TaskLauncher.jvmOptions(List.of("-Xshare:auto"), List.of())).containsExactly("-Xshare:auto");
    }
}
