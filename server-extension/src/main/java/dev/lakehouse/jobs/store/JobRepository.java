package dev.lakehouse.jobs.store;

import dev.lakehouse.export.spec.JobSpec;
import dev.lakehouse.export.spec.JobSpecJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code lh_jobs} table. */
public final class JobRepository {
    private final Database database;

    public JobRepository(Database database) {
        this.database = database;
    }

    public JobRecord insert(JobSpec spec, long now) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement(
                     "INSERT INTO lh_jobs (name, spec, created_at, updated_at, handled_through) VALUES (?, ?, ?, ?, ?)",
                     Statement.RETURN_GENERATED_KEYS)) {
            s.setString(1, spec.name());
            s.setString(2, JobSpecJson.toJson(spec));
            s.setLong(3, now);
            s.setLong(4, now);
            s.setLong(5, now);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return new JobRecord(keys.getLong(1), spec, now, now, now);
            }
        }
    }

    /** Replaces the spec; {@code handledThrough} moves to now when the schedule changed (no catch-up of the old one). */
    public void update(long jobId, JobSpec spec, long now, boolean resetSchedule) throws SQLException {
        String sql = resetSchedule
                ? "UPDATE lh_jobs SET name = ?, spec = ?, updated_at = ?, handled_through = ? WHERE job_id = ?"
                : "UPDATE lh_jobs SET name = ?, spec = ?, updated_at = ? WHERE job_id = ?";
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, spec.name());
            s.setString(2, JobSpecJson.toJson(spec));
            s.setLong(3, now);
            if (resetSchedule) {
                s.setLong(4, now);
                s.setLong(5, jobId);
            } else {
                s.setLong(4, jobId);
            }
            s.executeUpdate();
        }
    }

    public boolean delete(long jobId) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("DELETE FROM lh_jobs WHERE job_id = ?")) {
            s.setLong(1, jobId);
            return s.executeUpdate() > 0;
        }
    }

    public Optional<JobRecord> find(long jobId) throws SQLException {
        try (Connection c = database.connection()) {
            return find(c, jobId, false);
        }
    }

    /** With {@code lock}, holds the job's row until the transaction ends: serialises run admission per job. */
    public Optional<JobRecord> find(Connection c, long jobId, boolean lock) throws SQLException {
        String sql = "SELECT * FROM lh_jobs WHERE job_id = ?" + (lock ? " FOR UPDATE" : "");
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, jobId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    public List<JobRecord> list() throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("SELECT * FROM lh_jobs ORDER BY job_id");
             ResultSet rs = s.executeQuery()) {
            List<JobRecord> jobs = new ArrayList<>();
            while (rs.next()) {
                jobs.add(read(rs));
            }
            return jobs;
        }
    }

    static void advanceHandledThrough(Connection c, long jobId, long instant) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE lh_jobs SET handled_through = ? WHERE job_id = ? AND handled_through < ?")) {
            s.setLong(1, instant);
            s.setLong(2, jobId);
            s.setLong(3, instant);
            s.executeUpdate();
        }
    }

    public void advanceHandledThrough(long jobId, long instant) throws SQLException {
        try (Connection c = database.connection()) {
            advanceHandledThrough(c, jobId, instant);
        }
    }

    private static JobRecord read(ResultSet rs) throws SQLException {
        JobSpec spec = JobSpecJson.read(rs.getString("spec"), "job " + rs.getLong("job_id"));
        return new JobRecord(rs.getLong("job_id"), spec, rs.getLong("created_at"), rs.getLong("updated_at"),
                rs.getLong("handled_through"));
    }
}
