package dev.lakehouse.kernel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.lakehouse.kernel.install.KernelJvmFlags;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdleMemoryReleaseTest {
    private final AtomicLong lastCell = new AtomicLong(100);
    private final AtomicLong idleFor = new AtomicLong();
    private final AtomicInteger collections = new AtomicInteger();
    private final IdleMemoryRelease release = new IdleMemoryRelease(lastCell::get, idleFor::get,
            Duration.ofSeconds(2), collections::incrementAndGet);

    @Test
    void doesNotCollectWhileCellsRunOrBeforeTheKernelHasBeenIdleLongEnough() {
        idleFor.set(0); // a cell is in flight
        assertThat(release.releaseIfIdle()).isFalse();
        idleFor.set(Duration.ofMillis(1999).toNanos());
        assertThat(release.releaseIfIdle()).isFalse();
        assertThat(collections).hasValue(0);
    }

    @Test
    void collectsOncePerIdlePeriod() {
        idleFor.set(Duration.ofSeconds(2).toNanos());
        assertThat(release.releaseIfIdle()).isTrue();
        idleFor.set(Duration.ofSeconds(60).toNanos());
        assertThat(release.releaseIfIdle()).isFalse();
        assertThat(collections).hasValue(1);

        lastCell.set(200); // another cell ran, then the kernel went quiet again
        assertThat(release.releaseIfIdle()).isTrue();
        assertThat(collections).hasValue(2);
    }

    @Test
    void stopsCollectingOnceSparkRuns() {
        AtomicBoolean sparkStarted = new AtomicBoolean();
        IdleMemoryRelease kernelRelease = new IdleMemoryRelease(lastCell::get, idleFor::get, Duration.ofSeconds(2),
                IdleMemoryRelease.untilSparkStarts(sparkStarted::get, collections::incrementAndGet));
        idleFor.set(Duration.ofSeconds(2).toNanos());
        kernelRelease.releaseIfIdle();
        assertThat(collections).hasValue(1);

        sparkStarted.set(true);
        lastCell.set(200);
        kernelRelease.releaseIfIdle();
        assertThat(collections).hasValue(1);
    }

    @Test
    void theKernelStartsWithTheRatiosThatSparkStartReplaces() {
        assertThat(KernelJvmFlags.IDLE_MEMORY).contains(
                "-XX:MinHeapFreeRatio=" + IdleMemoryRelease.IDLE_MIN_HEAP_FREE_RATIO,
                "-XX:MaxHeapFreeRatio=" + IdleMemoryRelease.IDLE_MAX_HEAP_FREE_RATIO);
    }

    @Test
    void sparkStartGivesTheHeapTheJvmsDefaultRatiosUnlessTheUserChoseOthers() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String min = vm.getVMOption("MinHeapFreeRatio").getValue();
        String max = vm.getVMOption("MaxHeapFreeRatio").getValue();
        try {
            setRatios(vm, "20", "50"); // a user's own choice
            IdleMemoryRelease.letHeapGrowForSpark();
            assertThat(ratios(vm)).containsExactly("20", "50");

            setRatios(vm, IdleMemoryRelease.IDLE_MIN_HEAP_FREE_RATIO, IdleMemoryRelease.IDLE_MAX_HEAP_FREE_RATIO);
            IdleMemoryRelease.letHeapGrowForSpark();
            assertThat(ratios(vm)).containsExactly("40", "70");
        } finally {
            setRatios(vm, min, max);
        }
    }

    private static void setRatios(HotSpotDiagnosticMXBean vm, String min, String max) {
        vm.setVMOption("MinHeapFreeRatio", "0"); // any order of the two is then valid
        vm.setVMOption("MaxHeapFreeRatio", max);
        vm.setVMOption("MinHeapFreeRatio", min);
    }

    private static java.util.List<String> ratios(HotSpotDiagnosticMXBean vm) {
        return java.util.List.of(vm.getVMOption("MinHeapFreeRatio").getValue(), vm.getVMOption("MaxHeapFreeRatio").getValue());
    }
}
