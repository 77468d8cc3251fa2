package dev.lakehouse.export.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookNotifications(
        @JsonProperty("on_start") List<Webhook> onStart,
        @JsonProperty("on_success") List<Webhook> onSuccess,
        @JsonProperty("on_failure") List<Webhook> onFailure) {

    public WebhookNotifications {
        onStart = onStart == null ? null : List.copyOf(onStart);
        onSuccess = onSuccess == null ? null : List.copyOf(onSuccess);
        onFailure = onFailure == null ? null : List.copyOf(onFailure);
    }
}
