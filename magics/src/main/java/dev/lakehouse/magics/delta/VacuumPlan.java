package dev.lakehouse.magics.delta;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.render.ColumnHeader;
import dev.lakehouse.magics.render.TablePreview;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What a VACUUM would delete and which versions it would make unreachable. {@code lostVersions}
 * are inclusive [from, to] ranges of versions readable now but not afterwards.
 */
public record VacuumPlan(String table, String location, String retention, List<String> files, long bytes,
                         long earliestReachableNow, long earliestReachableAfter, long latestVersion,
                         List<long[]> lostVersions) implements DeltaResult {

    public boolean deletesNothing() {
        return files.isEmpty();
    }

    public boolean losesVersions() {
        return !lostVersions.isEmpty();
    }

    @Override
    public DisplayData toDisplayData(int maxRows) {
        return render(maxRows, "Dry run: nothing was deleted. Delta.vacuum(...) deletes these files.");
    }

    DisplayData render(int maxRows, String howToApply) {
        DeltaReport report = new DeltaReport("VACUUM preview for " + table + " (retention " + retention + ")");
        if (deletesNothing()) {
            report.line("No file is old enough to delete; every version that is reachable now stays reachable.");
            return report.build();
        }
        report.keyValues(summary());
        if (losesVersions()) {
            boolean one = lostVersions.size() == 1 && lostVersions.get(0)[0] == lostVersions.get(0)[1];
            report.warning(Reachability.versionsPhrase(lostVersions) + (one ? " stops" : " stop")
                    + " being reachable: time travel,"
                    + " diff and restore to them will fail. The earliest reachable version becomes "
                    + earliestReachableAfter + ".");
        } else {
            report.line("No reachable version is lost: the files are already unreferenced by versions "
                    + earliestReachableNow + "–" + latestVersion + ".");
        }
        List<List<Object>> rows = new ArrayList<>();
        for (String f : files.subList(0, Math.min(maxRows, files.size()))) {
            rows.add(List.of(f.startsWith(location + "/") ? f.substring(location.length() + 1) : f));
        }
        if (maxRows > 0) {
            report.heading("Files to delete (relative to " + location + ")").table(new TablePreview(List.of(new ColumnHeader("path", "string", false)),
                    rows, files.size() > rows.size(), OptionalLong.of(files.size())));
        }
        report.warning(howToApply);
        return report.build();
    }

    Map<String, Object> summary() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("files to delete", files.size());
        s.put("bytes to free", bytes < 0 ? "unknown" : bytes);
        s.put("versions that stop being reachable", losesVersions() ? Reachability.describe(lostVersions) : "none");
        s.put("earliest reachable version now", earliestReachableNow);
        s.put("earliest reachable version after", earliestReachableAfter);
        return s;
    }

    @Override
    public String toString() {
        return toDisplayData(0).plainText();
    }
}
