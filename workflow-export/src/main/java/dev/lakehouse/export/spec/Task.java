package dev.lakehouse.export.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One task of a job. Absent fields stay {@code null} so a spec is written back exactly as it was read; the
 * {@code ...OrDefault()} accessors give the effective values.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Task(
        @JsonProperty("task_key") String taskKey,
        @JsonProperty("description") String description,
        @JsonProperty("depends_on") List<TaskDependency> dependsOn,
        @JsonProperty("run_if") RunIf runIf,
        @JsonProperty("notebook_task") NotebookTask notebookTask,
        @JsonProperty("max_retries") Integer maxRetries,
        @JsonProperty("min_retry_interval_millis") Long minRetryIntervalMillis,
        @JsonProperty("retry_on_timeout") Boolean retryOnTimeout,
        @JsonProperty("timeout_seconds") Integer timeoutSeconds,
        @JsonProperty("retry_backoff_multiplier") BigDecimal retryBackoffMultiplier,
        @JsonProperty("max_retry_interval_millis") Long maxRetryIntervalMillis,
        @JsonProperty("cluster_key") String clusterKey) {

    public Task {
        dependsOn = dependsOn == null ? null : List.copyOf(dependsOn);
    }

    public static Builder builder(String taskKey) {
        return new Builder(taskKey);
    }

    /** The keys this task depends on, in declaration order. */
    @JsonIgnore
    public List<String> dependencyKeys() {
        return dependsOn == null ? List.of() : dependsOn.stream().map(TaskDependency::taskKey).toList();
    }

    @JsonIgnore
    public RunIf runIfOrDefault() {
        return runIf == null ? RunIf.ALL_SUCCESS : runIf;
    }

    @JsonIgnore
    public int maxRetriesOrDefault() {
        return maxRetries == null ? 0 : maxRetries;
    }

    @JsonIgnore
    public boolean retryOnTimeoutOrDefault() {
        return retryOnTimeout != null && retryOnTimeout;
    }

    /** The per-attempt limit; empty when absent or 0. */
    @JsonIgnore
    public Optional<Duration> timeout() {
        return timeoutSeconds == null || timeoutSeconds == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(timeoutSeconds));
    }

    /** Kept as BigDecimal in the record so {@code 2} is written back as {@code 2}, not {@code 2.0}. */
    @JsonIgnore
    public double retryBackoffMultiplierOrDefault() {
        return retryBackoffMultiplier == null ? 1.0 : retryBackoffMultiplier.doubleValue();
    }

    /**
     * How long to wait before retry number {@code retry} (1 = first retry):
     * {@code min_retry_interval_millis * retry_backoff_multiplier^(retry-1)}, capped at
     * {@code max_retry_interval_millis}.
     */
    public Duration retryDelay(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry numbers start at 1");
        }
        long base = minRetryIntervalMillis == null ? 0 : minRetryIntervalMillis;
        double multiplier = retryBackoffMultiplierOrDefault();
        double delay = base * Math.pow(multiplier, retry - 1);
        long cap = maxRetryIntervalMillis == null ? Long.MAX_VALUE : maxRetryIntervalMillis;
        return Duration.ofMillis(delay >= cap ? cap : (long) delay);
    }

    /** Fluent construction for code that builds specs (the exporter, tests). */
    public static final class Builder {
        private final String taskKey;
        private String description;
        private List<TaskDependency> dependsOn;
        private RunIf runIf;
        private NotebookTask notebookTask;
        private Integer maxRetries;
        private Long minRetryIntervalMillis;
        private Boolean retryOnTimeout;
        private Integer timeoutSeconds;
        private BigDecimal retryBackoffMultiplier;
        private Long maxRetryIntervalMillis;
        private String clusterKey;

        private Builder(String taskKey) {
            this.taskKey = taskKey;
        }

        public Builder description(String value) {
            description = value;
            return this;
        }

        /** Sets {@code depends_on}; an empty list writes no {@code depends_on} field. */
        public Builder dependsOn(List<String> keys) {
            dependsOn = keys.isEmpty() ? null : keys.stream().map(TaskDependency::new).toList();
            return this;
        }

        public Builder runIf(RunIf value) {
            runIf = value;
            return this;
        }

        public Builder notebookTask(NotebookTask value) {
            notebookTask = value;
            return this;
        }

        public Builder maxRetries(Integer value) {
            maxRetries = value;
            return this;
        }

        public Builder minRetryIntervalMillis(Long value) {
            minRetryIntervalMillis = value;
            return this;
        }

        public Builder retryOnTimeout(Boolean value) {
            retryOnTimeout = value;
            return this;
        }

        public Builder timeoutSeconds(Integer value) {
            timeoutSeconds = value;
            return this;
        }

        public Builder retryBackoffMultiplier(BigDecimal value) {
            retryBackoffMultiplier = value;
            return this;
        }

        public Builder maxRetryIntervalMillis(Long value) {
            maxRetryIntervalMillis = value;
            return this;
        }

        public Builder clusterKey(String value) {
            clusterKey = value;
            return this;
        }

        public Task build() {
            return new Task(taskKey, description, dependsOn, runIf, notebookTask, maxRetries, minRetryIntervalMillis,
                    retryOnTimeout, timeoutSeconds, retryBackoffMultiplier, maxRetryIntervalMillis, clusterKey);
        }
    }
}
