package dev.lakehouse.export.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One entry of {@code depends_on}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskDependency(@JsonProperty("task_key") String taskKey) {
}
