package dev.lakehouse.jobs.cli;

import dev.lakehouse.jobs.JobsConfig;
import dev.lakehouse.jobs.JobsService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lakehouse jobs serve}. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the jobs service: HTTP API (token auth on every route), Quartz schedules, run engine.",
                "Stops cleanly on Ctrl-C / SIGTERM; runs interrupted by a crash are recovered at the next start."},
        footer = {"", "Examples:", "  lakehouse jobs serve --notebook-root notebooks",
                "  lakehouse jobs serve --db jdbc:postgresql://db:5432/jobs --db-user jobs --clustered --instance-id node-1"})
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (default ${DEFAULT-VALUE}; 0 picks a free one)")
    int port = JobsConfig.DEFAULT_PORT;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "address to listen on (default ${DEFAULT-VALUE})")
    String bind = "127.0.0.1";

    @Option(names = "--db", paramLabel = "JDBC_URL",
            description = "database (default: embedded H2 file under DATA_DIR/jobs); jdbc:postgresql://... for production")
    String database;

    @Option(names = "--db-user", paramLabel = "USER", description = "database user")
    String databaseUser;

    @Option(names = "--db-password-env", paramLabel = "VAR",
            description = "environment variable holding the database password (default ${DEFAULT-VALUE})")
    String databasePasswordVariable = "LAKEHOUSE_JOBS_DB_PASSWORD";

    @Option(names = "--notebook-root", paramLabel = "DIR",
            description = "jobs may only use notebooks under this directory (default: the working directory)")
    Path notebookRoot;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "API token file; a random token is generated into it (mode 0600) if missing (default: DATA_DIR/jobs/token)")
    Path tokenFile;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "database, token, output notebooks and logs (default: DATA_DIR/jobs, DATA_DIR = LAKEHOUSE_HOME or ~/.lakehouse)")
    Path stateDirectory;

    @Option(names = "--clustered", description = "several instances share the (PostgreSQL) database; each fire runs once")
    boolean clustered;

    @Option(names = "--instance-id", paramLabel = "ID",
            description = "this instance's name, stable across restarts (default: 'local', or HOST-PORT when clustered)")
    String instanceId;

    @Override
    public Integer call() throws Exception {
        JobsConfig.Builder config = JobsConfig.defaults(System.getenv()).with().port(port).bindAddress(bind).clustered(clustered);
        if (stateDirectory != null) {
            config.stateDirectory(stateDirectory.toAbsolutePath());
        }
        if (tokenFile != null) {
            config.tokenFile(tokenFile.toAbsolutePath());
        }
        if (notebookRoot != null) {
            if (!Files.isDirectory(notebookRoot)) {
                System.err.println("error: --notebook-root " + notebookRoot + " is not a directory");
                return 2;
            }
            config.notebookRoot(notebookRoot.toAbsolutePath());
        }
        if (database != null) {
            config.database(database, databaseUser, System.getenv(databasePasswordVariable));
        }
        if (clustered && (database == null || !database.startsWith("jdbc:postgresql:"))) {
            System.err.println("error: --clustered needs a shared PostgreSQL database (--db jdbc:postgresql://...)");
            return 2;
        }
        config.instanceId(instanceId != null ? instanceId
                : clustered ? java.net.InetAddress.getLocalHost().getHostName() + "-" + port : "local");
        JobsService service = JobsService.start(config.build());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "jobs-shutdown"));
        System.out.println("jobs service listening on " + service.url());
        System.out.flush();
        stopped.await();
        return 0;
    }
}
