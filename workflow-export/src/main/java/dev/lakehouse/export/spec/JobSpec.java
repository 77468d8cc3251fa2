package dev.lakehouse.export.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A job: a DAG of notebook tasks with an optional schedule. Field names follow Databricks Jobs 2.1; our additions
 * are {@code spark_master}, {@code schedule.catch_up_policy}, the retry back-off fields of {@link Task} and
 * {@code notebook_sha256}/{@code cell_ids} in {@link NotebookTask}. See {@code docs/job-spec.schema.json}.
 * Read and write with {@link JobSpecJson}; check with {@link JobSpecValidator}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobSpec(
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("tasks") List<Task> tasks,
        @JsonProperty("schedule") Schedule schedule,
        @JsonProperty("max_concurrent_runs") Integer maxConcurrentRuns,
        @JsonProperty("queue") QueueSettings queue,
        @JsonProperty("timeout_seconds") Integer timeoutSeconds,
        @JsonProperty("parameters") List<JobParameter> parameters,
        @JsonProperty("email_notifications") EmailNotifications emailNotifications,
        @JsonProperty("webhook_notifications") WebhookNotifications webhookNotifications,
        @JsonProperty("tags") Map<String, String> tags,
        @JsonProperty("spark_master") String sparkMaster) {

    public static final String DEFAULT_SPARK_MASTER = "local[*]";

    public JobSpec {
        tasks = tasks == null ? null : List.copyOf(tasks);
        parameters = parameters == null ? null : List.copyOf(parameters);
        tags = tags == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    @JsonIgnore
    public Optional<Task> task(String taskKey) {
        return tasks == null ? Optional.empty() : tasks.stream().filter(t -> taskKey.equals(t.taskKey())).findFirst();
    }

    @JsonIgnore
    public int maxConcurrentRunsOrDefault() {
        return maxConcurrentRuns == null ? 1 : maxConcurrentRuns;
    }

    @JsonIgnore
    public boolean queueEnabledOrDefault() {
        return queue != null && Boolean.TRUE.equals(queue.enabled());
    }

    @JsonIgnore
    public String sparkMasterOrDefault() {
        return sparkMaster == null ? DEFAULT_SPARK_MASTER : sparkMaster;
    }

    /** Job parameter defaults as a map (parameters without a default are left out). */
    @JsonIgnore
    public Map<String, String> parameterDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        if (parameters != null) {
            parameters.stream().filter(p -> p.defaultValue() != null).forEach(p -> defaults.put(p.name(), p.defaultValue()));
        }
        return defaults;
    }

    public Builder toBuilder() {
        Builder builder = new Builder(name);
        builder.description = description;
        builder.tasks = tasks;
        builder.schedule = schedule;
        builder.maxConcurrentRuns = maxConcurrentRuns;
        builder.queue = queue;
        builder.timeoutSeconds = timeoutSeconds;
        builder.parameters = parameters;
        builder.emailNotifications = emailNotifications;
        builder.webhookNotifications = webhookNotifications;
        builder.tags = tags;
        builder.sparkMaster = sparkMaster;
        return builder;
    }

    public static final class Builder {
        private String name;
        private String description;
        private List<Task> tasks;
        private Schedule schedule;
        private Integer maxConcurrentRuns;
        private QueueSettings queue;
        private Integer timeoutSeconds;
        private List<JobParameter> parameters;
        private EmailNotifications emailNotifications;
        private WebhookNotifications webhookNotifications;
        private Map<String, String> tags;
        private String sparkMaster;

        private Builder(String name) {
            this.name = name;
        }

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder description(String value) {
            description = value;
            return this;
        }

        public Builder tasks(List<Task> value) {
            tasks = value;
            return this;
        }

        public Builder schedule(Schedule value) {
            schedule = value;
            return this;
        }

        public Builder maxConcurrentRuns(Integer value) {
            maxConcurrentRuns = value;
            return this;
        }

        public Builder queue(QueueSettings value) {
            queue = value;
            return this;
        }

        public Builder timeoutSeconds(Integer value) {
            timeoutSeconds = value;
            return this;
        }

        /** Sets {@code parameters}; an empty list writes no {@code parameters} field. */
        public Builder parameters(List<JobParameter> value) {
            parameters = value == null || value.isEmpty() ? null : value;
            return this;
        }

        public Builder emailNotifications(EmailNotifications value) {
            emailNotifications = value;
            return this;
        }

        public Builder webhookNotifications(WebhookNotifications value) {
            webhookNotifications = value;
            return this;
        }

        public Builder tags(Map<String, String> value) {
            tags = value;
            return this;
        }

        public Builder sparkMaster(String value) {
            sparkMaster = value;
            return this;
        }

        public JobSpec build() {
            return new JobSpec(name, description, tasks, schedule, maxConcurrentRuns, queue, timeoutSeconds, parameters,
                    emailNotifications, webhookNotifications, tags, sparkMaster);
        }
    }
}
