package dev.lakehouse.jobs.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.export.spec.JobSpec;
import dev.lakehouse.export.spec.JobSpecJson;
import dev.lakehouse.export.spec.Task;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code lh_runs} and {@code lh_task_attempts} tables. */
public final class RunRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACTIVE = "('PENDING', 'RUNNING')";

    private final Database database;

    public RunRepository(Database database) {
        this.database = database;
    }

    /** What asking for a new run gave. */
    public record Admission(RunRecord run, boolean created) {}

    /** A request for a run, from the schedule, catch-up or run-now. */
    public record RunRequest(long jobId, TriggerType trigger, Long scheduledFireTime, Map<String, String> parameters,
                             String idempotencyToken) {}

    /**
     * Records a new run, in one transaction holding the job's row: a run under
     * {@code max_concurrent_runs} is PENDING, over it QUEUED (queue enabled) or SKIPPED. Empty when the
     * job is gone or this fire time already has a run (another instance or catch-up got there first);
     * a known idempotency token gives the earlier run back with {@code created=false}.
     */
    public Optional<Admission> admit(RunRequest request, String owner, long now) throws SQLException {
        try {
            return database.inTransaction(c -> {
                Optional<JobRecord> job = new JobRepository(database).find(c, request.jobId(), true);
                if (job.isEmpty()) {
                    return Optional.empty();
                }
                if (request.idempotencyToken() != null) {
                    Optional<RunRecord> earlier = findByToken(c, request.jobId(), request.idempotencyToken());
                    if (earlier.isPresent()) {
                        return Optional.of(new Admission(earlier.get(), false));
                    }
                }
                JobSpec spec = job.get().spec();
                int active = countActive(c, request.jobId());
                LifeCycleState state;
                String message = null;
                if (active < spec.maxConcurrentRunsOrDefault()) {
                    state = LifeCycleState.PENDING;
                } else if (spec.queueEnabledOrDefault()) {
                    state = LifeCycleState.QUEUED;
                    message = "queued: " + active + " run(s) active, max_concurrent_runs=" + spec.maxConcurrentRunsOrDefault();
                } else {
                    state = LifeCycleState.SKIPPED;
                    message = "skipped: " + active + " run(s) active, max_concurrent_runs=" + spec.maxConcurrentRunsOrDefault();
                }
                RunRecord run = insertRun(c, request, spec, state, message, owner, now);
                if (state != LifeCycleState.SKIPPED) {
                    for (Task task : spec.tasks()) {
                        insertAttempt(c, new TaskAttempt(run.runId(), task.taskKey(), 1, 0, LifeCycleState.PENDING,
                                null, null, null, null, null, null, null, null, null, null));
                    }
                }
                if (request.scheduledFireTime() != null) {
                    JobRepository.advanceHandledThrough(c, request.jobId(), request.scheduledFireTime());
                }
                return Optional.of(new Admission(run, true));
            });
        } catch (SQLException e) {
            if (Database.isUniqueViolation(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static RunRecord insertRun(Connection c, RunRequest request, JobSpec spec, LifeCycleState state,
                                       String message, String owner, long now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO lh_runs (job_id, spec, parameters, trigger_type, scheduled_fire_time, idempotency_token,
                  life_cycle_state, result_state, state_message, owner, cancel_requested, repair_count, created_at, ended_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, 0, ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
            s.setLong(1, request.jobId());
            s.setString(2, JobSpecJson.toJson(spec));
            s.setString(3, toJson(request.parameters()));
            s.setString(4, request.trigger().name());
            setNullableLong(s, 5, request.scheduledFireTime());
            s.setString(6, request.idempotencyToken());
            s.setString(7, state.name());
            boolean skipped = state == LifeCycleState.SKIPPED;
            s.setString(8, skipped ? ResultState.SKIPPED.name() : null);
            s.setString(9, message);
            s.setString(10, owner);
            s.setLong(11, now);
            setNullableLong(s, 12, skipped ? now : null);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return new RunRecord(keys.getLong(1), request.jobId(), spec, request.parameters(), request.trigger(),
                        request.scheduledFireTime(), request.idempotencyToken(), state,
                        skipped ? ResultState.SKIPPED : null, message, owner, false, 0, now, null, skipped ? now : null);
            }
        }
    }

    private static int countActive(Connection c, long jobId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(*) FROM lh_runs WHERE job_id = ? AND life_cycle_state IN " + ACTIVE)) {
            s.setLong(1, jobId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Moves the oldest QUEUED run of the job to PENDING, owned by {@code owner}, if the job has room. */
    public Optional<RunRecord> promoteQueued(long jobId, String owner) throws SQLException {
        return database.inTransaction(c -> {
            Optional<JobRecord> job = new JobRepository(database).find(c, jobId, true);
            if (job.isEmpty() || countActive(c, jobId) >= job.get().spec().maxConcurrentRunsOrDefault()) {
                return Optional.empty();
            }
            Long next = null;
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT run_id FROM lh_runs WHERE job_id = ? AND life_cycle_state = 'QUEUED' ORDER BY run_id")) {
                s.setLong(1, jobId);
                s.setMaxRows(1);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        next = rs.getLong(1);
                    }
                }
            }
            if (next == null) {
                return Optional.empty();
            }
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE lh_runs SET life_cycle_state = 'PENDING', state_message = NULL, owner = ? WHERE run_id = ?")) {
                s.setString(1, owner);
                s.setLong(2, next);
                s.executeUpdate();
            }
            return find(c, next);
        });
    }

    public List<Long> jobsWithQueuedRuns() throws SQLException {
        return longs("SELECT DISTINCT job_id FROM lh_runs WHERE life_cycle_state = 'QUEUED'", null);
    }

    /** Runs this instance owns that are PENDING or RUNNING: after a crash, they need recovering. */
    public List<RunRecord> activeRunsOwnedBy(String owner) throws SQLException {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(
                "SELECT * FROM lh_runs WHERE owner = ? AND life_cycle_state IN " + ACTIVE + " ORDER BY run_id")) {
            s.setString(1, owner);
            List<RunRecord> active = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    active.add(readRun(rs));
                }
            }
            return active;
        }
    }

    public List<Long> cancelRequestedOwnedBy(String owner) throws SQLException {
        return longs("SELECT run_id FROM lh_runs WHERE owner = ? AND cancel_requested AND life_cycle_state IN "
                + ACTIVE, owner);
    }

    private List<Long> longs(String sql, String parameter) throws SQLException {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            if (parameter != null) {
                s.setString(1, parameter);
            }
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        }
    }

    public Optional<RunRecord> find(long runId) throws SQLException {
        try (Connection c = database.connection()) {
            return find(c, runId);
        }
    }

    private static Optional<RunRecord> find(Connection c, long runId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM lh_runs WHERE run_id = ?")) {
            s.setLong(1, runId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(readRun(rs)) : Optional.empty();
            }
        }
    }

    private static Optional<RunRecord> findByToken(Connection c, long jobId, String token) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM lh_runs WHERE job_id = ? AND idempotency_token = ?")) {
            s.setLong(1, jobId);
            s.setString(2, token);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(readRun(rs)) : Optional.empty();
            }
        }
    }

    /** Newest first. {@code jobId} null: all jobs. */
    public List<RunRecord> list(Long jobId, boolean activeOnly, int limit, int offset) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT * FROM lh_runs WHERE 1 = 1");
        if (jobId != null) {
            sql.append(" AND job_id = ?");
        }
        if (activeOnly) {
            sql.append(" AND life_cycle_state IN ('QUEUED', 'PENDING', 'RUNNING')");
        }
        sql.append(" ORDER BY run_id DESC LIMIT ").append(limit).append(" OFFSET ").append(offset);
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
            if (jobId != null) {
                s.setLong(1, jobId);
            }
            List<RunRecord> runs = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    runs.add(readRun(rs));
                }
            }
            return runs;
        }
    }

    public void markRunning(long runId, long now) throws SQLException {
        execute("UPDATE lh_runs SET life_cycle_state = 'RUNNING', started_at = COALESCE(started_at, ?) WHERE run_id = ?",
                now, runId);
    }

    public void finish(long runId, LifeCycleState life, ResultState result, String message, long now) throws SQLException {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(
                "UPDATE lh_runs SET life_cycle_state = ?, result_state = ?, state_message = ?, ended_at = ? WHERE run_id = ?")) {
            s.setString(1, life.name());
            s.setString(2, result == null ? null : result.name());
            s.setString(3, message);
            s.setLong(4, now);
            s.setLong(5, runId);
            s.executeUpdate();
        }
    }

    public void requestCancel(long runId) throws SQLException {
        execute("UPDATE lh_runs SET cancel_requested = TRUE WHERE run_id = ?", runId);
    }

    /** A QUEUED run that is canceled never starts. */
    public boolean cancelQueued(long runId, long now) throws SQLException {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(
                "UPDATE lh_runs SET life_cycle_state = 'TERMINATED', result_state = 'CANCELED', ended_at = ?,"
                        + " state_message = 'canceled while queued' WHERE run_id = ? AND life_cycle_state = 'QUEUED'")) {
            s.setLong(1, now);
            s.setLong(2, runId);
            return s.executeUpdate() > 0;
        }
    }

    /** Opens a finished run again for repair, on this instance; returns the new repair count. */
    public int reopenForRepair(long runId, String owner) throws SQLException {
        return database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    UPDATE lh_runs SET life_cycle_state = 'PENDING', result_state = NULL, state_message = NULL,
                      ended_at = NULL, cancel_requested = FALSE, repair_count = repair_count + 1, owner = ?
                    WHERE run_id = ? AND life_cycle_state IN ('TERMINATED', 'INTERNAL_ERROR')""")) {
                s.setString(1, owner);
                s.setLong(2, runId);
                if (s.executeUpdate() == 0) {
                    return -1;
                }
            }
            return find(c, runId).orElseThrow().repairCount();
        });
    }

    public void insertAttempt(TaskAttempt attempt) throws SQLException {
        try (Connection c = database.connection()) {
            insertAttempt(c, attempt);
        }
    }

    private static void insertAttempt(Connection c, TaskAttempt a) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO lh_task_attempts (life_cycle_state, result_state, state_message, started_at, ended_at,
                  not_before, pid, pid_started_at, exit_code, output_path, log_path, generation, run_id, task_key, attempt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            bindAttempt(s, a);
            s.executeUpdate();
        }
    }

    public void updateAttempt(TaskAttempt a) throws SQLException {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement("""
                UPDATE lh_task_attempts SET life_cycle_state = ?, result_state = ?, state_message = ?, started_at = ?,
                  ended_at = ?, not_before = ?, pid = ?, pid_started_at = ?, exit_code = ?, output_path = ?, log_path = ?,
                  generation = ?
                WHERE run_id = ? AND task_key = ? AND attempt = ?""")) {
            bindAttempt(s, a);
            s.executeUpdate();
        }
    }

    private static void bindAttempt(PreparedStatement s, TaskAttempt a) throws SQLException {
        s.setString(1, a.lifeCycleState().name());
        s.setString(2, a.resultState() == null ? null : a.resultState().name());
        s.setString(3, a.stateMessage());
        setNullableLong(s, 4, a.startedAt());
        setNullableLong(s, 5, a.endedAt());
        setNullableLong(s, 6, a.notBefore());
        setNullableLong(s, 7, a.pid());
        setNullableLong(s, 8, a.pidStartedAt());
        if (a.exitCode() == null) {
            s.setNull(9, Types.INTEGER);
        } else {
            s.setInt(9, a.exitCode());
        }
        s.setString(10, a.outputPath());
        s.setString(11, a.logPath());
        s.setInt(12, a.generation());
        s.setLong(13, a.runId());
        s.setString(14, a.taskKey());
        s.setInt(15, a.attempt());
    }

    /** Every attempt of every task of the run, by task key then attempt. */
    public List<TaskAttempt> attempts(long runId) throws SQLException {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(
                "SELECT * FROM lh_task_attempts WHERE run_id = ? ORDER BY task_key, attempt")) {
            s.setLong(1, runId);
            List<TaskAttempt> attempts = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    attempts.add(readAttempt(rs));
                }
            }
            return attempts;
        }
    }

    /** The latest attempt of each task. */
    public Map<String, TaskAttempt> latestAttempts(long runId) throws SQLException {
        Map<String, TaskAttempt> latest = new LinkedHashMap<>();
        for (TaskAttempt a : attempts(runId)) {
            latest.put(a.taskKey(), a);
        }
        return latest;
    }

    private void execute(String sql, long... values) throws SQLException {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                s.setLong(i + 1, values[i]);
            }
            s.executeUpdate();
        }
    }

    private static RunRecord readRun(ResultSet rs) throws SQLException {
        return new RunRecord(rs.getLong("run_id"), rs.getLong("job_id"),
                JobSpecJson.read(rs.getString("spec"), "run " + rs.getLong("run_id")),
                fromJson(rs.getString("parameters")), TriggerType.valueOf(rs.getString("trigger_type")),
                nullableLong(rs, "scheduled_fire_time"), rs.getString("idempotency_token"),
                LifeCycleState.valueOf(rs.getString("life_cycle_state")), result(rs.getString("result_state")),
                rs.getString("state_message"), rs.getString("owner"), rs.getBoolean("cancel_requested"),
                rs.getInt("repair_count"), rs.getLong("created_at"), nullableLong(rs, "started_at"),
                nullableLong(rs, "ended_at"));
    }

    private static TaskAttempt readAttempt(ResultSet rs) throws SQLException {
        int exit = rs.getInt("exit_code");
        Integer exitCode = rs.wasNull() ? null : exit;
        return new TaskAttempt(rs.getLong("run_id"), rs.getString("task_key"), rs.getInt("attempt"),
                rs.getInt("generation"), LifeCycleState.valueOf(rs.getString("life_cycle_state")),
                result(rs.getString("result_state")), rs.getString("state_message"), nullableLong(rs, "started_at"),
                nullableLong(rs, "ended_at"), nullableLong(rs, "not_before"), nullableLong(rs, "pid"),
                nullableLong(rs, "pid_started_at"), exitCode, rs.getString("output_path"), rs.getString("log_path"));
    }

    private static ResultState result(String value) {
        return value == null ? null : ResultState.valueOf(value);
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static void setNullableLong(PreparedStatement s, int index, Long value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, value);
        }
    }

    private static String toJson(Map<String, String> parameters) {
        try {
            return JSON.writeValueAsString(parameters == null ? Map.of() : parameters);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> fromJson(String json) {
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bad parameters in the runs table: " + e.getOriginalMessage());
        }
    }
}
