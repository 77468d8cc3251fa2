package dev.lakehouse.magics.delta;

import dev.lakehouse.magics.api.DisplayData;

/** What restoring a table to an older version would change: the diff from now to that version. */
public record RestorePlan(String table, long currentVersion, long targetVersion, TableDiff diff)
        implements DeltaResult {

    public boolean changesNothing() {
        return diff.isEmpty();
    }

    @Override
    public DisplayData toDisplayData(int maxRows) {
        return render(maxRows, "Nothing has changed yet; Delta.restore(...) applies it.");
    }

    DisplayData render(int maxRows, String howToApply) {
        DeltaReport report = new DeltaReport("Restore preview: " + table + " from version " + currentVersion
                + " back to version " + targetVersion);
        if (changesNothing()) {
            report.line("Version " + targetVersion + " holds the same rows as version " + currentVersion
                    + "; a restore would only add a commit.");
        } else {
            report.line("Restoring would insert the rows listed as inserted and remove those listed as deleted.");
        }
        diff.appendTo(report, maxRows, false);
        report.warning(howToApply);
        return report.build();
    }

    @Override
    public String toString() {
        return toDisplayData(0).plainText();
    }
}
