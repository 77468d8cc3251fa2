package dev.lakehouse.magics.delta;

import dev.lakehouse.magics.api.DisplayData;
import java.util.Map;

/** A restore that happened: the commit it made and Delta's restore metrics. */
public record RestoreOutcome(String table, long restoredVersion, long newVersion, Map<String, Object> metrics,
                             RestorePlan plan, boolean tableMovedSincePlan) implements DeltaResult {

    @Override
    public DisplayData toDisplayData(int maxRows) {
        DeltaReport report = new DeltaReport("Restored " + table + " to version " + restoredVersion);
        report.line("The restore was committed as version " + newVersion + "; %delta history " + table
                + " shows it as RESTORE.");
        if (tableMovedSincePlan) {
            report.warning("The table changed between the preview and the restore; the changes below are those"
                    + " the preview computed against version " + plan.currentVersion() + ".");
        }
        report.heading("Restore metrics").keyValues(metrics);
        report.heading("Rows changed");
        plan.diff().appendTo(report, 0, true);
        return report.build();
    }

    @Override
    public String toString() {
        return toDisplayData(0).plainText();
    }
}
