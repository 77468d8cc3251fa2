package dev.lakehouse.magics.delta;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.hadoop.fs.Path;

/**
 * Which versions of a table can still be read in full. A version is reachable when Delta can
 * rebuild it from the log and every data file it references still exists.
 *
 * <p>Walks the commits backwards from the latest version, keeping the files each older version
 * references beyond the latest one: version v-1 holds v's files, minus those commit v added, plus
 * those it removed. The latest version's files are live and never vacuumed, so only removed files
 * need checking, each once.
 */
final class Reachability {
    private final long earliestInLog;
    private final long latest;
    private final TreeMap<Long, Integer> missingFiles;

    private Reachability(long earliestInLog, long latest, TreeMap<Long, Integer> missingFiles) {
        this.earliestInLog = earliestInLog;
        this.latest = latest;
        this.missingFiles = missingFiles;
    }

    /** Scans with {@code readable} deciding whether a data file is (or would stay) readable. */
    static Reachability scan(DeltaLogFiles log, Predicate<Path> readable) {
        long latest = log.latest();
        long earliest = log.earliestReproducible();
        Map<Path, Boolean> memo = new HashMap<>();
        Set<Path> olderOnly = new HashSet<>();
        int unreadable = 0;
        TreeMap<Long, Integer> missing = new TreeMap<>();
        missing.put(latest, 0);
        for (long v = latest; v > earliest; v--) {
            DeltaLogFiles.Commit commit = log.read(v);
            for (Path added : commit.added()) {
                if (olderOnly.remove(added) && !memo.get(added)) {
                    unreadable--;
                }
            }
            for (Path removed : commit.removed()) {
                if (olderOnly.add(removed) && !memo.computeIfAbsent(removed, readable::test)) {
                    unreadable++;
                }
            }
            missing.put(v - 1, unreadable);
        }
        return new Reachability(earliest, latest, missing);
    }

    /** Scans with the files as they are on storage now. */
    static Reachability now(DeltaLogFiles log) {
        return scan(log, log::exists);
    }

    long latest() {
        return latest;
    }

    /** The oldest version the log can rebuild (log cleanup removes older commits). */
    long earliestInLog() {
        return earliestInLog;
    }

    /** The oldest version from which every later version can be read in full. */
    long earliestReachable() {
        long earliest = latest;
        for (var e : missingFiles.descendingMap().entrySet()) {
            if (e.getValue() > 0) {
                break;
            }
            earliest = e.getKey();
        }
        return earliest;
    }

    boolean reachable(long version) {
        Integer missing = missingFiles.get(version);
        return missing != null && missing == 0;
    }

    /** Data files version {@code version} references that are gone (0 when it is readable or not in the log). */
    int missingFiles(long version) {
        return missingFiles.getOrDefault(version, 0);
    }

    /** Versions in the log that cannot be read, as inclusive ranges [from, to]. */
    List<long[]> unreachableRanges() {
        List<long[]> ranges = new ArrayList<>();
        long[] open = null;
        for (var e : missingFiles.entrySet()) {
            if (e.getValue() > 0) {
                if (open == null) {
                    open = new long[] {e.getKey(), e.getKey()};
                    ranges.add(open);
                } else {
                    open[1] = e.getKey();
                }
            } else {
                open = null;
            }
        }
        return ranges;
    }

    /** "Version 3" or "Versions 3–5, 8", to start a sentence. */
    static String versionsPhrase(List<long[]> ranges) {
        boolean one = ranges.size() == 1 && ranges.get(0)[0] == ranges.get(0)[1];
        return (one ? "Version " : "Versions ") + describe(ranges);
    }

    static String describe(List<long[]> ranges) {
        List<String> parts = new ArrayList<>();
        for (long[] r : ranges) {
            parts.add(r[0] == r[1] ? String.valueOf(r[0]) : r[0] + "–" + r[1]);
        }
        return String.join(", ", parts);
    }
}
