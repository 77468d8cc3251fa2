package dev.lakehouse.export.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A job parameter: name and default value as text (the form {@code -p name=value} takes). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobParameter(
        @JsonProperty("name") String name,
        @JsonProperty("default") String defaultValue) {
}
