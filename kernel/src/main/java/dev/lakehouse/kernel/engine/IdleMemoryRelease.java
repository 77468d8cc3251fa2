package dev.lakehouse.kernel.engine;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Gives heap back to the system once per idle period: when no cell has run for {@link #idleAfter}
 * and the heap holds at most {@link #FULL_COLLECTION_LIMIT}, one {@code System.gc()}: a full,
 * compacting collection (~50-100 ms at that size, while nobody waits), after which G1 shrinks the heap
 * to its live data. A bigger heap (a notebook holding data) is left to G1's own cycles, since a full
 * collection's pause grows with it. This replaces G1's periodic collection, which also fires while
 * cells run back to back without allocating much: in a kernel holding Spark it started a concurrent
 * cycle every 2 s, taking a core and adding remark pauses of up to ~90 ms to the cells it met.
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

    static final long FULL_COLLECTION_LIMIT = 512L << 20;

    static void startInBackground(LongSupplier lastActivity, LongSupplier nanosSinceLastCell, Duration idleAfter) {
        IdleMemoryRelease release = new IdleMemoryRelease(lastActivity, nanosSinceLastCell, idleAfter,
                IdleMemoryRelease::collectIfSmall);
        Thread t = new Thread(release, "idle-memory-release");
        t.setDaemon(true);
        t.start();
    }

    private static void collectIfSmall() {
        Runtime runtime = Runtime.getRuntime();
        if (runtime.totalMemory() - runtime.freeMemory() <= FULL_COLLECTION_LIMIT) {
            System.gc();
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
