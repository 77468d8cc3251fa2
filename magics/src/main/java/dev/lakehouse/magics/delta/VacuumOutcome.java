package dev.lakehouse.magics.delta;

import dev.lakehouse.magics.api.DisplayData;

/** A VACUUM that ran: how many files it deleted and what can be read afterwards. */
public record VacuumOutcome(String table, VacuumPlan plan, long deletedFiles, long earliestReachable,
                            long latestVersion) implements DeltaResult {

    @Override
    public DisplayData toDisplayData(int maxRows) {
        DeltaReport report = new DeltaReport("VACUUM of " + table + " (retention " + plan.retention() + ")");
        report.line("Deleted " + deletedFiles + " file(s). Versions " + earliestReachable + "–" + latestVersion
                + " are reachable" + (plan.losesVersions() ? "; " + Reachability.versionsPhrase(plan.lostVersions())
                .toLowerCase(java.util.Locale.ROOT) + " not any more." : "."));
        return report.build();
    }

    @Override
    public String toString() {
        return toDisplayData(0).plainText();
    }
}
