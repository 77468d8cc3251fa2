package dev.lakehouse.kernel.engine;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Gives heap back to the system once per idle period: when no cell has run for {@link #idleAfter},
 * one {@code System.gc()}, a full and compacting collection (~50-100 ms while nobody waits) after
 * which G1 shrinks the heap to its live data; a concurrent cycle would only shrink it to what its
 * remark saw, garbage included (~30 MB more resident in an idle kernel).
 *
 * <p>Only until Spark starts: with Spark's heap a full collection pauses the kernel 200-360 ms
 * (measured), which a cell sent at that moment would wait for. From then on G1 gives memory back
 * itself, with a concurrent cycle after {@link #SPARK_PERIODIC_CYCLE} without any collection (the
 * manageable {@code G1PeriodicGCInterval}). Not a shorter interval, nor before Spark: G1 counts a
 * busy kernel whose cells allocate little as idle too, and a cycle every 2 s (session 6) took the
 * core back-to-back cells needed and added remark pauses of up to ~90 ms to them.
 */
final class IdleMemoryRelease implements Runnable {
    private static final long CHECK_MILLIS = 250;

    private final LongSupplier lastActivity;
    private final LongSupplier nanosSinceLastCell;
    private final long idleAfter;
    private final Runnable collect;
    private long releasedFor = Long.MIN_VALUE;

    /**
     * @param lastActivity       changes whenever a cell finishes (the engine's last-answered time)
     * @param nanosSinceLastCell 0 while a cell runs
     */
    IdleMemoryRelease(LongSupplier lastActivity, LongSupplier nanosSinceLastCell, Duration idleAfter, Runnable collect) {
        this.lastActivity = lastActivity;
        this.nanosSinceLastCell = nanosSinceLastCell;
        this.idleAfter = idleAfter.toNanos();
        this.collect = collect;
    }

    static final Duration SPARK_PERIODIC_CYCLE = Duration.ofSeconds(60);

    /** @param collect the kernel's heap release ({@link #untilSparkStarts}) */
    static void startInBackground(LongSupplier lastActivity, LongSupplier nanosSinceLastCell, Duration idleAfter,
                                  Runnable collect) {
        IdleMemoryRelease release = new IdleMemoryRelease(lastActivity, nanosSinceLastCell, idleAfter, collect);
        Thread t = new Thread(release, "idle-memory-release");
        t.setDaemon(true);
        t.start();
    }

    /** {@code collect}, while Spark has not started. */
    static Runnable untilSparkStarts(BooleanSupplier sparkStarted, Runnable collect) {
        return () -> {
            if (!sparkStarted.getAsBoolean()) {
                collect.run();
            }
        };
    }

    /** Once Spark runs: G1's own concurrent cycle after a minute without collections (no-op on other collectors). */
    static void handOverToPeriodicCycles() {
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .setVMOption("G1PeriodicGCInterval", String.valueOf(SPARK_PERIODIC_CYCLE.toMillis()));
        } catch (RuntimeException notG1) {
            // IllegalArgumentException without G1, SecurityException under a strict manager: keep the JVM's sizing
        }
    }

    /** The heap-free ratios an idle kernel starts with (the kernelspec's flags, {@code KernelJvmFlags.IDLE_MEMORY}). */
    static final String IDLE_MIN_HEAP_FREE_RATIO = "10";
    static final String IDLE_MAX_HEAP_FREE_RATIO = "30";

    /**
     * Just before Spark starts: back to the JVM's default heap-free ratios (40 / 70 %). With the idle
     * kernel's ratios G1 shrank the heap at every remark while a session started, to grow it again a
     * moment later: three extra concurrent cycles and a young collection every few megabytes during a
     * first query. Ratios a user set themselves are kept.
     */
    static void letHeapGrowForSpark() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (vm.getVMOption("MinHeapFreeRatio").getValue().equals(IDLE_MIN_HEAP_FREE_RATIO)
                    && vm.getVMOption("MaxHeapFreeRatio").getValue().equals(IDLE_MAX_HEAP_FREE_RATIO)) {
                vm.setVMOption("MaxHeapFreeRatio", "70"); // first: the JVM refuses a minimum above the maximum
                vm.setVMOption("MinHeapFreeRatio", "40");
            }
        } catch (RuntimeException e) {
            // the JVM's flags stay as they are; Spark only starts a little slower
        }
    }

    /** Collects if the kernel has been idle long enough and nothing ran since the last collection. */
    boolean releaseIfIdle() {
        long activity = lastActivity.getAsLong();
        if (activity == releasedFor || nanosSinceLastCell.getAsLong() < idleAfter) {
            return false;
        }
        releasedFor = activity;
        collect.run();
        return true;
    }

    @Override
    public void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(CHECK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            releaseIfIdle();
        }
    }
}
