package dev.lakehouse.export.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code queue}: whether a run that would exceed {@code max_concurrent_runs} waits (true) or is skipped. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueueSettings(@JsonProperty("enabled") Boolean enabled) {
}
