package dev.lakehouse.kernel.engine;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Gives heap back to the system once per idle period: when no cell has run for {@link #idleAfter},
 * one {@code System.gc()} (concurrent with {@code -XX:+ExplicitGCInvokesConcurrent}, so G1 shrinks the
 * heap at remark). This replaces G1's periodic collection, which also fires while cells run back to
 * back without allocating much: in a kernel holding Spark it started a concurrent cycle every 2 s,
 * taking a core and adding remark pauses of up to ~90 ms to the cells it met.
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

    static void startInBackground(LongSupplier lastActivity, LongSupplier nanosSinceLastCell, Duration idleAfter) {
        IdleMemoryRelease release = new IdleMemoryRelease(lastActivity, nanosSinceLastCell, idleAfter, System::gc);
        Thread t = new Thread(release, "idle-memory-release");
        t.setDaemon(true);
        t.start();
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
