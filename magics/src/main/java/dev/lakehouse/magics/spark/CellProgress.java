package dev.lakehouse.magics.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What one cell's (job group's) Spark jobs have done so far. Guarded by the listener's lock. */
final class CellProgress {
    enum JobStatus { RUNNING, SUCCEEDED, FAILED, CANCELLED }

    enum Outcome { RUNNING, DONE, FAILED, CANCELLED }

    static final class Stage {
        final int id;
        final String name;
        int totalTasks;
        int completedTasks;
        int failedTasks;
        int runningTasks;
        boolean submitted;
        boolean finished;
        boolean failed;

        Stage(int id, String name, int totalTasks) {
            this.id = id;
            this.name = name;
            this.totalTasks = totalTasks;
        }

        boolean active() {
            return submitted && !finished;
        }
    }

    final String group;
    final long startedNanos;
    final Map<Integer, JobStatus> jobs = new LinkedHashMap<>();
    final Map<Integer, Stage> stages = new TreeMap<>();
    String displayId;
    long lastPushNanos;
    boolean dirty;
    boolean showFailed;

    CellProgress(String group, long startedNanos) {
        this.group = group;
        this.startedNanos = startedNanos;
    }

    Outcome outcome() {
        if (jobs.containsValue(JobStatus.RUNNING)) {
            return Outcome.RUNNING;
        }
        if (jobs.containsValue(JobStatus.CANCELLED)) {
            return Outcome.CANCELLED;
        }
        return jobs.containsValue(JobStatus.FAILED) ? Outcome.FAILED : Outcome.DONE;
    }

    int latestJob() {
        int latest = -1;
        for (int id : jobs.keySet()) {
            latest = Math.max(latest, id);
        }
        return latest;
    }

    List<Stage> activeStages() {
        List<Stage> active = new ArrayList<>();
        for (Stage s : stages.values()) {
            if (s.active()) {
                active.add(s);
            }
        }
        return active;
    }

    /** Stages that ran or will run; stages Spark skipped (their output was reused) are left out. */
    List<Stage> countedStages() {
        List<Stage> counted = new ArrayList<>();
        boolean running = outcome() == Outcome.RUNNING;
        for (Stage s : stages.values()) {
            if (s.submitted || running) {
                counted.add(s);
            }
        }
        return counted;
    }
}
