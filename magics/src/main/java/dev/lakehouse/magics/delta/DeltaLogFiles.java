package dev.lakehouse.magics.delta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.magics.api.MagicException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * What a table's {@code _delta_log} folder holds right now: which commit files and checkpoints
 * exist, hence the latest version and the earliest version that can still be rebuilt. Reads single
 * commits (the add/remove actions) without Spark, which is cheap enough to do on every read.
 */
final class DeltaLogFiles {
    private static final Pattern COMMIT = Pattern.compile("^(\\d{20})\\.json$");
    private static final Pattern CHECKPOINT = Pattern.compile("^(\\d{20})\\.checkpoint(\\..+)?\\.(parquet|json)$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FileSystem fs;
    private final Path tablePath;
    private final Path logPath;
    private final NavigableSet<Long> commits;
    private final NavigableSet<Long> checkpoints;

    /** One commit's file actions; paths are absolute. {@code cdcFiles} are its change data files. */
    record Commit(long version, String operation, Long timestamp, List<Path> added, List<Path> removed,
                  List<Path> cdcFiles) {}

    private DeltaLogFiles(FileSystem fs, Path tablePath, NavigableSet<Long> commits, NavigableSet<Long> checkpoints) {
        this.fs = fs;
        this.tablePath = tablePath;
        this.logPath = new Path(tablePath, "_delta_log");
        this.commits = commits;
        this.checkpoints = checkpoints;
    }

    static DeltaLogFiles list(SparkSession spark, DeltaTableRef table) {
        Path tablePath = new Path(table.location());
        try {
            FileSystem fs = tablePath.getFileSystem(spark.sessionState().newHadoopConf());
            NavigableSet<Long> commits = new TreeSet<>();
            NavigableSet<Long> checkpoints = new TreeSet<>();
            for (FileStatus status : fs.listStatus(new Path(tablePath, "_delta_log"))) {
                String name = status.getPath().getName();
                Matcher commit = COMMIT.matcher(name);
                Matcher checkpoint = CHECKPOINT.matcher(name);
                if (commit.matches()) {
                    commits.add(Long.parseLong(commit.group(1)));
                } else if (checkpoint.matches()) {
                    checkpoints.add(Long.parseLong(checkpoint.group(1)));
                }
            }
            if (commits.isEmpty() && checkpoints.isEmpty()) {
                throw new MagicException("The Delta log of " + table.display() + " holds no commits.");
            }
            return new DeltaLogFiles(fs, fs.makeQualified(tablePath), commits, checkpoints);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list the Delta log of " + table.display(), e);
        }
    }

    long latest() {
        long lastCommit = commits.isEmpty() ? -1 : commits.last();
        long lastCheckpoint = checkpoints.isEmpty() ? -1 : checkpoints.last();
        return Math.max(lastCommit, lastCheckpoint);
    }

    /**
     * The oldest version Delta can still rebuild: version 0 while every commit file is kept, else
     * the oldest checkpoint from which an unbroken run of commit files reaches the latest version.
     */
    long earliestReproducible() {
        long latest = latest();
        long lowestUnbroken = latest + 1;
        while (commits.contains(lowestUnbroken - 1)) {
            lowestUnbroken--;
        }
        if (lowestUnbroken == 0) {
            return 0;
        }
        Long checkpoint = checkpoints.ceiling(lowestUnbroken - 1);
        if (checkpoint == null) {
            throw new MagicException("The Delta log at " + tablePath + " is broken: commit "
                    + (lowestUnbroken - 1) + " is missing and no checkpoint covers it.");
        }
        return checkpoint;
    }

    /** The oldest commit file still in the log (its version may be older than what can be rebuilt). */
    long oldestCommitFile() {
        return commits.isEmpty() ? latest() : commits.first();
    }

    boolean hasCommitFile(long version) {
        return commits.contains(version);
    }

    Path tablePath() {
        return tablePath;
    }

    FileSystem fileSystem() {
        return fs;
    }

    Commit read(long version) {
        Path file = new Path(logPath, String.format("%020d.json", version));
        List<Path> added = new ArrayList<>();
        List<Path> removed = new ArrayList<>();
        List<Path> cdc = new ArrayList<>();
        String operation = null;
        Long timestamp = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode action = JSON.readTree(line);
                if (action.has("add")) {
                    added.add(absolute(action.get("add").get("path").asText()));
                } else if (action.has("remove")) {
                    removed.add(absolute(action.get("remove").get("path").asText()));
                } else if (action.has("cdc")) {
                    cdc.add(absolute(action.get("cdc").get("path").asText()));
                } else if (action.has("commitInfo")) {
                    JsonNode info = action.get("commitInfo");
                    operation = info.path("operation").asText(null);
                    timestamp = info.has("timestamp") ? info.get("timestamp").asLong() : null;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read commit " + version + " of " + tablePath, e);
        }
        return new Commit(version, operation, timestamp, added, removed, cdc);
    }

    /** Log paths are relative, URL-encoded URIs unless absolute (shallow clones); the way Delta reads them. */
    private Path absolute(String logPath) {
        try {
            Path p = new Path(new URI(logPath));
            return p.isAbsolute() ? p : new Path(tablePath, p);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Bad file path in the Delta log of " + tablePath + ": " + logPath, e);
        }
    }

    boolean exists(Path file) {
        try {
            return fs.exists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
