package dev.lakehouse.jobs.schedule;

import dev.lakehouse.export.spec.CatchUpPolicy;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * Fire times missed while the service was down, and which of them to run under a catch-up policy.
 * Quartz's misfire instructions offer "fire once now" or "skip", never "each missed one", so we
 * compute the missed fires ourselves from the last handled instant with Quartz's own CronExpression.
 */
public final class CatchUp {
    /** ALL never starts more than this many runs at once, however long the service was down. */
    public static final int MAX_CATCH_UP_RUNS = 1000;

    private CatchUp() {}

    /** Fire times in {@code (after, upTo]}, oldest first, at most {@code limit} (the newest ones). */
    public static List<Long> missedFires(String cron, String timezone, long after, long upTo, int limit) {
        CronExpression expression;
        try {
            expression = new CronExpression(cron);
        } catch (ParseException e) {
            throw new IllegalArgumentException("invalid cron " + cron + ": " + e.getMessage(), e);
        }
        expression.setTimeZone(TimeZone.getTimeZone(timezone == null ? "UTC" : timezone));
        List<Long> fires = new ArrayList<>();
        Date next = expression.getNextValidTimeAfter(new Date(after));
        while (next != null && next.getTime() <= upTo) {
            fires.add(next.getTime());
            if (fires.size() > limit) {
                fires.remove(0);
            }
            next = expression.getNextValidTimeAfter(next);
        }
        return fires;
    }

    /** The missed fires to run: none, the newest one, or all. */
    public static List<Long> toRun(CatchUpPolicy policy, List<Long> missed) {
        if (missed.isEmpty()) {
            return List.of();
        }
        return switch (policy) {
            case NONE -> List.of();
            case LATEST -> List.of(missed.get(missed.size() - 1));
            case ALL -> List.copyOf(missed);
        };
    }
}
