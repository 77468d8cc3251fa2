package dev.lakehouse.jobs.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PostgreSQL cluster from the Debian packages ({@code apt-get install postgresql}):
 * initdb + pg_ctl in a temporary directory, listening on 127.0.0.1 only, trust auth for user
 * {@code lakehouse}. PostgreSQL refuses to run as root, so as root it runs as user {@code postgres}.
 */
public final class PostgresServer implements AutoCloseable {
    public static final String USER = "lakehouse";
    private final Path binaries;
    private final Path directory;
    private final int port;
    private final boolean asPostgresUser;

    private PostgresServer(Path binaries, Path directory, int port, boolean asPostgresUser) {
        this.binaries = binaries;
        this.directory = directory;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** The directory holding initdb and pg_ctl, if PostgreSQL is installed. */
    public static Optional<Path> findBinaries() {
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (var versions = Files.list(debian)) {
                Optional<Path> newest = versions.map(v -> v.resolve("bin"))
                        .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")))
                        .max(Comparator.comparing(bin -> versionOf(bin.getParent())));
                if (newest.isPresent()) {
                    return newest;
                }
            } catch (IOException e) {
                // Fall through to PATH.
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "initdb")) && Files.isExecutable(Path.of(dir, "pg_ctl"))) {
                return Optional.of(Path.of(dir));
            }
        }
        return Optional.empty();
    }

    private static int versionOf(Path versionDirectory) {
        try {
            return Integer.parseInt(versionDirectory.getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public static PostgresServer start(Path binaries) throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        // Not under JUnit's @TempDir: its parent is private to root and postgres could not enter it.
        Path directory = Files.createTempDirectory("lakehouse-pg-");
        if (root) {
            UserPrincipal postgres = directory.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(directory, postgres);
        }
        int port = ServiceProcess.freePort();
        PostgresServer server = new PostgresServer(binaries, directory, port, root);
        Path data = directory.resolve("data");
        server.run(binaries.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--auth=trust",
                "--no-sync", "-E", "UTF8");
        server.run(binaries.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", directory.resolve("server.log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -k " + directory + " -c listen_addresses=127.0.0.1 -c fsync=off"
                        + " -c max_connections=100", "start");
        return server;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    private void run(String... command) throws Exception {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(Arrays.asList(command));
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", full) + " failed:\n" + output);
        }
    }

    @Override
    public void close() throws Exception {
        run(binaries.resolve("pg_ctl").toString(), "-D", directory.resolve("data").toString(), "-m", "immediate", "stop");
        try (var files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
