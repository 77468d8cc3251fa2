package dev.lakehouse.magics.mlflow;

import java.time.Duration;

/**
 * How long to keep trying a request the server did not answer: exponential backoff from
 * {@code firstDelay}, doubling up to {@code maxDelay}, until {@code budget} has passed.
 */
public record RetryPolicy(Duration budget, Duration firstDelay, Duration maxDelay) {
    /** Rides out a tracking server restart. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofSeconds(4));
    /** One attempt only: for background delivery, which is retried on the next tick anyway. */
    public static final RetryPolicy NONE = new RetryPolicy(Duration.ZERO, Duration.ZERO, Duration.ZERO);

    public static RetryPolicy ofBudget(Duration budget) {
        return new RetryPolicy(budget, DEFAULT.firstDelay, DEFAULT.maxDelay);
    }

    /** The delay before attempt {@code attempt} (1 = the first retry). */
    Duration delayBefore(int attempt) {
        long millis = firstDelay.toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
    }
}
