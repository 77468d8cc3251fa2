package dev.lakehouse.export.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmailNotifications(
        @JsonProperty("on_start") List<String> onStart,
        @JsonProperty("on_success") List<String> onSuccess,
        @JsonProperty("on_failure") List<String> onFailure,
        @JsonProperty("no_alert_for_skipped_runs") Boolean noAlertForSkippedRuns) {

    public EmailNotifications {
        onStart = onStart == null ? null : List.copyOf(onStart);
        onSuccess = onSuccess == null ? null : List.copyOf(onSuccess);
        onFailure = onFailure == null ? null : List.copyOf(onFailure);
    }
}
