package dev.lakehouse.jobs.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The one database the service keeps everything in: Quartz's tables and ours. An embedded H2 file
 * database by default, PostgreSQL for production and clustered mode.
 */
public final class Database implements AutoCloseable {
    /** Which SQL flavour; Quartz needs its matching delegate and table script. */
    public enum Dialect {
        H2("org.quartz.impl.jdbcjobstore.StdJDBCDelegate", "tables_h2.sql"),
        POSTGRESQL("org.quartz.impl.jdbcjobstore.PostgreSQLDelegate", "tables_postgres.sql");

        public final String quartzDelegate;
        public final String quartzScript;

        Dialect(String quartzDelegate, String quartzScript) {
            this.quartzDelegate = quartzDelegate;
            this.quartzScript = quartzScript;
        }
    }

    /** A unit of work in one transaction. */
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final HikariDataSource dataSource;
    private final Dialect dialect;
    private final String url;

    private Database(String url, String user, String password) {
        this.url = url;
        this.dialect = dialectOf(url);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(12);
        config.setMinimumIdle(1);
        config.setPoolName("lakehouse-jobs");
        config.setConnectionTimeout(10_000);
        this.dataSource = new HikariDataSource(config);
    }

    /** {@code jdbc:h2:...} or {@code jdbc:postgresql://...}; user/password may be in the URL instead. */
    public static Database open(String url, String user, String password) {
        return new Database(url, user, password);
    }

    /**
     * The default embedded database: {@code DIR/jobs.mv.db}. {@code WRITE_DELAY=0} writes every commit
     * to the file at once: H2's default (500 ms) loses the last half second of commits, jobs included,
     * when the service is killed. Commits then write from the committing thread, so the {@code retry:}
     * file system is needed too: without it, interrupting that thread (Quartz does, on shutdown) closes
     * the file channel and H2 closes the whole database.
     */
    public static String embeddedUrl(Path directory) {
        return "jdbc:h2:file:retry:" + directory.toAbsolutePath().resolve("jobs") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }

    static Dialect dialectOf(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return Dialect.H2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return Dialect.POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported database URL " + redact(url)
                + "; use jdbc:h2:file:PATH (embedded) or jdbc:postgresql://HOST:PORT/DB");
    }

    /** The URL without credentials, for messages. */
    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    public Dialect dialect() {
        return dialect;
    }

    public String url() {
        return url;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /** Runs {@code work} in a transaction: commit on return, roll back on any exception. */
    public <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** Both H2 and PostgreSQL report a unique-constraint violation as SQLState 23505. */
    public static boolean isUniqueViolation(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            if ("23505".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
