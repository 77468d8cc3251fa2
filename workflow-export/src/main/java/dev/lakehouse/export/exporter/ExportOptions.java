package dev.lakehouse.export.exporter;

import dev.lakehouse.export.spec.CatchUpPolicy;
import dev.lakehouse.export.spec.PauseStatus;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Job-level choices for an export. Everything is optional.
 *
 * @param jobName            job name; default: the first notebook's file name without extension
 * @param cron               Quartz cron; no schedule when null
 * @param timezone           time zone id for the cron; default UTC
 * @param pauseStatus        schedule pause status; default absent (UNPAUSED)
 * @param catchUpPolicy      schedule catch-up policy; default absent (LATEST)
 * @param maxConcurrentRuns  default absent (1)
 * @param sparkMaster        default absent (local[*])
 * @param depends            notebook-level: task key -> dependency keys, replacing what the notebook's metadata says
 * @param baseDir            notebook paths in the spec are relative to this directory; default the working directory
 */
public record ExportOptions(String jobName, String cron, String timezone, PauseStatus pauseStatus,
                            CatchUpPolicy catchUpPolicy, Integer maxConcurrentRuns, String sparkMaster,
                            Map<String, List<String>> depends, Path baseDir) {

    public ExportOptions {
        depends = depends == null ? Map.of() : Map.copyOf(depends);
        baseDir = (baseDir == null ? Path.of("") : baseDir).toAbsolutePath().normalize();
    }

    public static ExportOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String jobName;
        private String cron;
        private String timezone;
        private PauseStatus pauseStatus;
        private CatchUpPolicy catchUpPolicy;
        private Integer maxConcurrentRuns;
        private String sparkMaster;
        private final Map<String, List<String>> depends = new LinkedHashMap<>();
        private Path baseDir;

        public Builder jobName(String value) {
            jobName = value;
            return this;
        }

        public Builder cron(String value) {
            cron = value;
            return this;
        }

        public Builder timezone(String value) {
            timezone = value;
            return this;
        }

        public Builder pauseStatus(PauseStatus value) {
            pauseStatus = value;
            return this;
        }

        public Builder catchUpPolicy(CatchUpPolicy value) {
            catchUpPolicy = value;
            return this;
        }

        public Builder maxConcurrentRuns(Integer value) {
            maxConcurrentRuns = value;
            return this;
        }

        public Builder sparkMaster(String value) {
            sparkMaster = value;
            return this;
        }

        public Builder depends(String taskKey, List<String> dependencyKeys) {
            depends.put(taskKey, List.copyOf(dependencyKeys));
            return this;
        }

        public Builder baseDir(Path value) {
            baseDir = value;
            return this;
        }

        public ExportOptions build() {
            return new ExportOptions(jobName, cron, timezone, pauseStatus, catchUpPolicy, maxConcurrentRuns, sparkMaster,
                    depends, baseDir);
        }
    }
}
