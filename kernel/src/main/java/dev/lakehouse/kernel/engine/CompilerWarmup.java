package dev.lakehouse.kernel.engine;

import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Warms up javac's code paths (which JShell runs for every cell) on a throwaway evaluator, so the
 * JIT has compiled them before the user's tenth cell instead of after their hundredth. It runs in
 * the background after the kernel is ready and never touches the notebook's evaluator. It yields to
 * the notebook: a snippet is compiled only when no cell has run for {@link #QUIET_NANOS}, because on
 * two cores a warm-up competing with cells sent back to back slows them more than it speeds them up
 * (measured: first 200 `1 + 1` cells p50 30 ms with a competing warm-up, 24–27 ms without).
 */
final class CompilerWarmup {
    private static final Logger LOG = Logger.getLogger(CompilerWarmup.class.getName());
    private static final String[] SNIPPETS = {
        "1 + 1", "int w = 3;", "w * 2", "String s = \"abc\" + w;", "s.length()",
        "java.util.List.of(1, 2, 3).stream().mapToInt(i -> i).sum()",
        "void f(int x) { System.getProperty(\"w\" + x); }", "f(w);",
        "record P(int a, String b) {}", "new P(1, \"x\")",
    };
    /**
     * Expression cells, the most common kind, compile without JShell ({@link DirectExpressions}): a
     * few times more of them than of the snippets above, each far cheaper, bring javac's whole
     * pipeline on a one-line class to the JIT's attention.
     */
    private static final String[] EXPRESSIONS = {
        "1 + 1", "w * 2 + s.length()", "java.util.List.of(1, 2).size()", "String.valueOf(w).isEmpty()", "new P(2, \"y\").a()",
    };
    private static final int EXPRESSIONS_PER_ROUND = 4;

    private static volatile Thread running;

    private CompilerWarmup() {}

    /** Waits until the background warm-up (if one was started) has finished, at most {@code millis}. */
    static void await(long millis) throws InterruptedException {
        Thread t = running;
        if (t != null) {
            t.join(millis);
        }
    }

    /**
     * @param classpath javac's classpath; never the kernel jar, whose manifest names every Spark jar
     * @param startup   the notebook's start-up snippets (its imports), evaluated first
     * @param more      further warm-ups, run afterwards; each gets a call that blocks while the notebook is busy
     */
    static void startInBackground(int rounds, String classpath, List<String> startup, LongSupplier nanosSinceLastCell,
                                  List<Consumer<Runnable>> more, Runnable releaseHeap) {
        Thread t = new Thread(() -> {
            run(rounds, classpath, startup, nanosSinceLastCell, releaseHeap);
            for (Consumer<Runnable> warmup : more) {
                try {
                    warmup.accept(() -> awaitQuiet(nanosSinceLastCell));
                } catch (RuntimeException e) {
                    LOG.fine(() -> "warm-up failed: " + e);
                }
            }
            if (!more.isEmpty()) {
                releaseHeap(nanosSinceLastCell, releaseHeap);
            }
        }, "jshell-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        running = t;
        t.start();
    }

    static final long QUIET_NANOS = 100_000_000L;

    static void awaitQuiet(LongSupplier nanosSinceLastCell) {
        long quietFor;
        while ((quietFor = nanosSinceLastCell.getAsLong()) < QUIET_NANOS) {
            LockSupport.parkNanos(QUIET_NANOS - Math.max(0, quietFor));
        }
    }

    private static void run(int rounds, String classpath, List<String> startup, LongSupplier nanosSinceLastCell,
                            Runnable releaseHeap) {
        long started = System.nanoTime();
        // The same evaluator as the notebook's (completeness analysis, the typed-value rewrite, the
        // in-process execution engine) with the same imports, which javac reads again for every cell:
        // compiled for other input, javac's hot methods would be deoptimised by the first real cells.
        NotebookClassLoader loader = new NotebookClassLoader(CompilerWarmup.class.getClassLoader());
        try (JavaEvaluator evaluator = new JavaEvaluator(classpath, loader, new CellThreads(loader, () -> {}))) {
            startup.forEach(evaluator::eval);
            for (int i = 0; i < rounds; i++) {
                for (String snippet : SNIPPETS) {
                    awaitQuiet(nanosSinceLastCell);
                    evaluator.eval(snippet);
                }
            }
            for (int i = 0; i < rounds * EXPRESSIONS_PER_ROUND; i++) {
                for (String expression : EXPRESSIONS) {
                    awaitQuiet(nanosSinceLastCell);
                    evaluator.eval(expression);
                }
            }
        } catch (RuntimeException e) {
            // warm-up is an optimisation only
        }
        // The throwaway JShell's garbage fills the heap the idle-memory flags would otherwise shrink only
        // slowly; one full collection now gives it back before the user notices an idle kernel's size.
        releaseHeap(nanosSinceLastCell, releaseHeap);
        LOG.info(() -> "javac warm-up finished after " + (System.nanoTime() - started) / 1_000_000 + " ms");
    }

    private static void releaseHeap(LongSupplier nanosSinceLastCell, Runnable releaseHeap) {
        awaitQuiet(nanosSinceLastCell);
        releaseHeap.run();
    }
}
