package dev.lakehouse.magics.delta;

import dev.lakehouse.magics.api.MagicException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.AddFile;
import scala.Option;

/**
 * Reads a table as of a version, refusing versions that cannot be read in full.
 *
 * <p>Delta rebuilds a historical snapshot (a Spark job over the log) on every time-travel query,
 * while the latest snapshot stays cached; so reading an old version costs several times reading
 * the latest. Old versions never change, so this keeps the last few rebuilt snapshots (with their
 * cached state) and reads them directly. A cached version is re-checked when a VACUUM ran since.
 */
final class HistoricalReads {
    private static final int CACHED_SNAPSHOTS = 8;
    private static final int EXISTS_CHECKS_BEFORE_LISTING = 200;

    private record Key(String location, long version) {}

    private record Cached(Snapshot snapshot, List<Path> files, long checkedAtLatest) {}

    private static final Map<Key, Cached> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Cached> eldest) {
            if (size() > CACHED_SNAPSHOTS) {
                eldest.getValue().snapshot().uncache();
                return true;
            }
            return false;
        }
    };

    private HistoricalReads() {}

    /** The table as of {@code version}; throws {@link VersionUnreachableException} rather than return partial data. */
    static Dataset<Row> read(SparkSession spark, DeltaTableRef table, long version) {
        DeltaLogFiles log = DeltaLogFiles.list(spark, table);
        long latest = log.latest();
        checkInLog(table, log, version);
        if (version == latest) {
            // Delta serves its cached latest snapshot for this; every file it references is live.
            return spark.sql("SELECT * FROM " + table.sqlName() + " VERSION AS OF " + version);
        }
        DeltaLog deltaLog = table.deltaLog(spark);
        Snapshot snapshot = cachedSnapshot(table, log, deltaLog, version).snapshot();
        // The relation Delta builds for a time-travel query, but on the kept snapshot: its file
        // index prunes files with the snapshot's cached state (partitions and statistics).
        return spark.baseRelationToDataFrame(deltaLog.createRelation(
                scala.collection.immutable.List$.MODULE$.empty(), Option.apply(snapshot), Option.empty(), true));
    }

    /** Fails with a clear message unless {@code version} exists and the log can rebuild it. */
    static void checkInLog(DeltaTableRef table, DeltaLogFiles log, long version) {
        long latest = log.latest();
        if (version < 0 || version > latest) {
            throw new MagicException(table.display() + " has no version " + version + "; its versions run from "
                    + log.earliestReproducible() + " to " + latest + ".");
        }
        long earliestInLog = log.earliestReproducible();
        if (version < earliestInLog) {
            long earliest = Reachability.now(log).earliestReachable();
            throw new VersionUnreachableException("Version " + version + " of " + table.display()
                    + " is no longer reachable: log cleanup removed its commit files (they are kept for"
                    + " delta.logRetentionDuration, 30 days by default). The earliest reachable version is "
                    + earliest + ".", version, earliest);
        }
    }

    private static Cached cachedSnapshot(DeltaTableRef table, DeltaLogFiles log,
                                         DeltaLog deltaLog, long version) {
        Key key = new Key(log.tablePath().toString(), version);
        Cached cached;
        synchronized (CACHE) {
            cached = CACHE.get(key);
        }
        long latest = log.latest();
        if (cached != null && !vacuumedSince(log, cached.checkedAtLatest())) {
            return cached;
        }
        Snapshot snapshot = cached != null ? cached.snapshot()
                : deltaLog.getSnapshotAt(version, Option.empty(), Option.empty());
        List<Path> paths = cached != null ? cached.files() : dataFiles(snapshot, deltaLog);
        long missing = countMissing(log, paths);
        if (missing > 0) {
            long earliest = Reachability.now(log).earliestReachable();
            throw new VersionUnreachableException("Version " + version + " of " + table.display()
                    + " is no longer reachable: VACUUM deleted " + missing + " of its " + paths.size()
                    + " data files. The earliest reachable version is " + earliest + ".", version, earliest);
        }
        Cached checked = new Cached(snapshot, paths, latest);
        synchronized (CACHE) {
            CACHE.put(key, checked);
        }
        return checked;
    }

    private static List<Path> dataFiles(Snapshot snapshot, DeltaLog deltaLog) {
        List<AddFile> files = snapshot.allFiles().collectAsList();
        List<Path> paths = new ArrayList<>(files.size());
        for (AddFile f : files) {
            paths.add(f.absolutePath(deltaLog));
        }
        return paths;
    }

    /** True when a VACUUM committed after {@code sinceVersion}; Delta logs VACUUM START/END commits. */
    private static boolean vacuumedSince(DeltaLogFiles log, long sinceVersion) {
        for (long v = sinceVersion + 1; v <= log.latest(); v++) {
            if (!log.hasCommitFile(v)) {
                return true;
            }
            String op = log.read(v).operation();
            if (op != null && op.startsWith("VACUUM")) {
                return true;
            }
        }
        return false;
    }

    private static long countMissing(DeltaLogFiles log, List<Path> paths) {
        if (paths.size() <= EXISTS_CHECKS_BEFORE_LISTING) {
            return paths.stream().filter(p -> !log.exists(p)).count();
        }
        java.util.Set<Path> present = new java.util.HashSet<>();
        try {
            var it = log.fileSystem().listFiles(log.tablePath(), true);
            while (it.hasNext()) {
                present.add(it.next().getPath());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return paths.stream().filter(p -> !present.contains(p)).count();
    }

    /** Forgets cached snapshots of one table (after RESTORE or VACUUM through these magics). */
    static void forget(String location) {
        synchronized (CACHE) {
            CACHE.entrySet().removeIf(e -> {
                boolean match = e.getKey().location().equals(new Path(location).toString())
                        || e.getKey().location().equals(location);
                if (match) {
                    e.getValue().snapshot().uncache();
                }
                return match;
            });
        }
    }
}
