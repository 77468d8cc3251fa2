package dev.lakehouse.kernel.engine;

import static org.assertj.core.api.Assertions.assertThat;

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
}
