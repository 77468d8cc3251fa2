package dev.lakehouse.jobs.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.export.spec.CatchUpPolicy;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatchUpTest {
    private static long at(String isoZoned) {
        return ZonedDateTime.parse(isoZoned).toInstant().toEpochMilli();
    }

    @Test
    void missedFiresAreTheCronTimesAfterTheLastHandledInstantUpToNow() {
        List<Long> missed = CatchUp.missedFires("0 0 * * * ?", "UTC", at("2024-03-01T09:00:00Z"), at("2024-03-01T12:30:00Z"), 100);
        assertThat(missed).containsExactly(at("2024-03-01T10:00:00Z"), at("2024-03-01T11:00:00Z"), at("2024-03-01T12:00:00Z"));
    }

    @Test
    void timezoneOfTheScheduleDecidesTheFireTimes() {
        List<Long> missed = CatchUp.missedFires("0 0 2 * * ?", "Europe/Paris", at("2024-05-31T12:00:00Z"),
                at("2024-06-02T12:00:00Z"), 100);
        assertThat(missed).containsExactly(at("2024-06-01T02:00:00+02:00"), at("2024-06-02T02:00:00+02:00"));
    }

    @Test
    void limitKeepsTheNewestFires() {
        List<Long> missed = CatchUp.missedFires("* * * * * ?", "UTC", at("2024-01-01T00:00:00Z"), at("2024-01-01T00:00:10Z"), 3);
        assertThat(missed).containsExactly(at("2024-01-01T00:00:08Z"), at("2024-01-01T00:00:09Z"), at("2024-01-01T00:00:10Z"));
    }

    @Test
    void policiesPickNoneTheLatestOrAll() {
        List<Long> missed = List.of(1L, 2L, 3L);
        assertThat(CatchUp.toRun(CatchUpPolicy.NONE, missed)).isEmpty();
        assertThat(CatchUp.toRun(CatchUpPolicy.LATEST, missed)).containsExactly(3L);
        assertThat(CatchUp.toRun(CatchUpPolicy.ALL, missed)).containsExactly(1L, 2L, 3L);
        assertThat(CatchUp.toRun(CatchUpPolicy.LATEST, List.of())).isEmpty();
    }

    @Test
    void invalidCronIsReported() {
        assertThatThrownBy(() -> CatchUp.missedFires("not a cron", "UTC", 0, 1, 1)).hasMessageContaining("invalid cron");
    }
}
