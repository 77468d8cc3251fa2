package dev.lakehouse.export.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code schedule}: a Quartz cron in a time zone, plus our catch-up policy for missed fire times. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Schedule(
        @JsonProperty("quartz_cron_expression") String quartzCronExpression,
        @JsonProperty("timezone_id") String timezoneId,
        @JsonProperty("pause_status") PauseStatus pauseStatus,
        @JsonProperty("catch_up_policy") CatchUpPolicy catchUpPolicy) {

    @JsonIgnore
    public PauseStatus pauseStatusOrDefault() {
        return pauseStatus == null ? PauseStatus.UNPAUSED : pauseStatus;
    }

    @JsonIgnore
    public CatchUpPolicy catchUpPolicyOrDefault() {
        return catchUpPolicy == null ? CatchUpPolicy.LATEST : catchUpPolicy;
    }
}
