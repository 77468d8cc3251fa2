package dev.lakehouse.kernel.engine;

import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs user code (snippets and magics) on fresh threads so that an interrupt can stop exactly
 * that code: {@link #stopAll()} interrupts, then {@code Thread.stop}s the running threads, which
 * ends tight loops and long sleeps alike (JDK 17). New threads inherit the caller's inheritable
 * thread-locals — the cell's output context and Spark's job group — and the notebook class loader.
 */
public final class CellThreads {
    private static final long STACK_SIZE = 64L * 1024 * 1024;
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private final AtomicInteger counter = new AtomicInteger();
    private final ClassLoader notebookLoader;
    private final Runnable onThreadStart;
    private volatile boolean stopping;

    /** {@code onThreadStart} runs first on every cell thread (the engine joins the Spark job group). */
    public CellThreads(ClassLoader notebookLoader, Runnable onThreadStart) {
        this.notebookLoader = notebookLoader;
        this.onThreadStart = onThreadStart;
    }

    /** Runs {@code work} on a new cell thread and waits; exceptions are rethrown as they are. */
    public <T> T run(Callable<T> work) throws Exception {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(null, () -> {
            try {
                onThreadStart.run();
                result[0] = work.call();
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "cell-" + counter.incrementAndGet(), STACK_SIZE);
        thread.setContextClassLoader(notebookLoader);
        thread.setDaemon(true);
        running.add(thread);
        try {
            // Checked after registering, so stopAll() either sees this thread or we see its flag:
            // an interrupt that came while the cell was still compiling still stops it.
            if (stopping) {
                throw new ThreadDeath();
            }
            thread.start();
            boolean interrupted = false;
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        } finally {
            running.remove(thread);
        }
        if (failure[0] != null) {
            if (failure[0] instanceof Exception e) {
                throw e;
            }
            if (failure[0] instanceof Error err) {
                throw err;
            }
            throw new RuntimeException(failure[0]);
        }
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }

    public boolean busy() {
        return !running.isEmpty();
    }

    public boolean isStopping() {
        return stopping;
    }

    public void clearStopping() {
        stopping = false;
    }

    @SuppressWarnings({"deprecation", "removal"})
    public void stopAll() {
        stopping = true;
        for (Thread t : running) {
            t.interrupt();
        }
        for (Thread t : running) {
            if (t.isAlive()) {
                try {
                    t.stop();
                } catch (UnsupportedOperationException e) {
                    // Newer JDKs: interrupt() above is all we can do.
                }
            }
        }
    }
}
