package dev.lakehouse.jobs.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** Polls until a condition holds, failing with the last value seen. */
public final class Await {
    private Await() {}

    public static <T> T until(String what, Duration limit, Callable<T> probe, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        T last = null;
        Exception lastError = null;
        while (System.nanoTime() < deadline) {
            try {
                last = probe.call();
                lastError = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (Exception e) {
                lastError = e;
            }
            Thread.sleep(150);
        }
        AssertionError failure = new AssertionError("timed out after " + limit.toSeconds() + " s waiting for " + what
                + "; last seen: " + last);
        if (lastError != null) {
            failure.initCause(lastError);
        }
        throw failure;
    }
}
