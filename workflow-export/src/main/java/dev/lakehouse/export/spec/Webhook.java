package dev.lakehouse.export.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A webhook destination: a configured destination {@code id} (Databricks) or a direct {@code url} (ours). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Webhook(@JsonProperty("id") String id, @JsonProperty("url") String url) {
}
