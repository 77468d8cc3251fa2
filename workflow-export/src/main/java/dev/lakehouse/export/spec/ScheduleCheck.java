package dev.lakehouse.export.spec;

import dev.lakehouse.export.validation.DidYouMean;
import dev.lakehouse.export.validation.Problem;
import dev.lakehouse.export.validation.ProblemKind;
import org.quartz.CronExpression;

import java.text.ParseException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;

/** Cron and time-zone checks with Quartz's own parser, so what passes here is what the scheduler accepts. */
public final class ScheduleCheck {

    private static final String CRON_SHAPE =
            "Quartz cron has 6 or 7 fields: seconds minutes hours day-of-month month day-of-week [year], e.g. \"0 0 2 * * ?\"";

    private ScheduleCheck() {
    }

    /** The zone, if {@code timezoneId} is a valid java.time zone id. */
    public static Optional<ZoneId> zone(String timezoneId) {
        try {
            return Optional.of(ZoneId.of(timezoneId));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The java.util time zone Quartz needs. Use this rather than {@code TimeZone.getTimeZone(String)}, which turns an
     * id it does not know (e.g. "+02:00") into GMT without a word.
     */
    public static TimeZone quartzTimeZone(String timezoneId) {
        return TimeZone.getTimeZone(ZoneId.of(timezoneId));
    }

    public static Optional<Problem> checkTimezone(String timezoneId, String location) {
        if (zone(timezoneId).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new Problem(ProblemKind.INVALID_TIMEZONE, location, "unknown time zone \"" + timezoneId + "\""
                + DidYouMean.hint(timezoneId, ZoneId.getAvailableZoneIds()) + "; use an id such as UTC or Europe/Paris"));
    }

    /** Checks a Quartz cron; {@code timezoneId} (may be null or invalid) is used to check that it ever fires. */
    public static Optional<Problem> checkCron(String expression, String timezoneId, String location) {
        String trimmed = expression.trim();
        int fields = trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
        if (fields == 5) {
            return Optional.of(new Problem(ProblemKind.INVALID_CRON, location, "invalid Quartz cron \"" + expression
                    + "\": it has 5 fields like a Unix cron; " + CRON_SHAPE));
        }
        CronExpression cron;
        try {
            cron = new CronExpression(expression);
        } catch (ParseException e) {
            return Optional.of(new Problem(ProblemKind.INVALID_CRON, location,
                    "invalid Quartz cron \"" + expression + "\": " + e.getMessage() + " (" + CRON_SHAPE + ")"));
        }
        cron.setTimeZone(zone(timezoneId == null ? "UTC" : timezoneId).map(TimeZone::getTimeZone)
                .orElse(TimeZone.getTimeZone("UTC")));
        if (cron.getNextValidTimeAfter(new Date()) == null) {
            return Optional.of(new Problem(ProblemKind.INVALID_CRON, location,
                    "Quartz cron \"" + expression + "\" never fires (from now on)"));
        }
        return Optional.empty();
    }

    /** Both checks for a schedule; {@code prefix} is the location of the schedule object. */
    public static List<Problem> check(Schedule schedule, String prefix) {
        List<Problem> problems = new java.util.ArrayList<>();
        if (schedule.quartzCronExpression() != null) {
            checkCron(schedule.quartzCronExpression(), schedule.timezoneId(), prefix + ".quartz_cron_expression")
                    .ifPresent(problems::add);
        }
        if (schedule.timezoneId() != null) {
            checkTimezone(schedule.timezoneId(), prefix + ".timezone_id").ifPresent(problems::add);
        }
        return problems;
    }
}
