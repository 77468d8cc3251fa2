package dev.lakehouse.magics.delta;

import static dev.lakehouse.magics.delta.DeltaTestTables.rows;
import static dev.lakehouse.magics.delta.DeltaTestTables.sql;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.magics.testing.Magics;
import dev.lakehouse.magics.testing.RecordingContext;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restore previews without --yes; with it the table equals the target version and history shows RESTORE. */
class RestoreTest {
    @TempDir
    Path dir;

    @Test
    void restorePreviewsThenRestoresExactlyTheTargetVersion() {
        String t = DeltaTestTables.create(dir, DeltaTestTables.uniqueName("restore"), "id INT, v STRING", null);
        sql("INSERT INTO " + t + " VALUES (1, 'a'), (2, 'b'), (3, 'c')");   // 1
        sql("UPDATE " + t + " SET v = 'B' WHERE id = 2");                    // 2
        sql("DELETE FROM " + t + " WHERE id = 3");                           // 3
        sql("INSERT INTO " + t + " VALUES (4, 'd')");                        // 4
        List<String> versionOne = rows(sql("SELECT * FROM " + t + " VERSION AS OF 1"));

        RecordingContext context = new RecordingContext();
        String preview = Magics.text(Magics.run(new DeltaMagic(), context, "%delta restore " + t + " --version 1 --key id"));
        assertThat(preview).contains("from version 4 back to version 1")
                .contains("inserted rows | 1", "deleted rows  | 1", "updated rows  | 1")
                .contains("B → b")
                .contains("Preview only: nothing changed. Run %delta restore " + t + " --version 1 --yes");
        assertThat(DeltaTestTables.latestVersion(t)).isEqualTo(4);
        String dryRun = Magics.text(Magics.run(new DeltaMagic(), context, "%delta restore " + t + " --version 1 --dry-run --yes"));
        assertThat(dryRun).contains("Preview only");
        assertThat(DeltaTestTables.latestVersion(t)).isEqualTo(4);

        String restored = Magics.text(Magics.run(new DeltaMagic(), context, "%delta restore " + t + " --version 1 --yes"));
        assertThat(restored).contains("Restored " + t + " to version 1", "committed as version 5",
                "num_restored_files", "num_removed_files");
        assertThat(rows(sql("SELECT * FROM " + t))).isEqualTo(versionOne);
        assertThat(sql("DESCRIBE HISTORY " + t + " LIMIT 1").head().<String>getAs("operation")).isEqualTo("RESTORE");
        String history = Magics.text(Magics.run(new DeltaMagic(), context, "%delta history " + t + " --ops restore"));
        assertThat(history).contains("RESTORE").contains("version=1").doesNotContain("UPDATE");
    }

    @Test
    void javaApiPlansThenRestores() {
        String t = DeltaTestTables.create(dir, DeltaTestTables.uniqueName("restore_api"), "id INT", null);
        sql("INSERT INTO " + t + " VALUES (1)");   // 1
        sql("INSERT INTO " + t + " VALUES (2)");   // 2
        RestorePlan plan = Delta.restorePlan(t, 1);
        assertThat(plan.diff().deletedCount()).isEqualTo(1);
        assertThat(plan.diff().insertedCount()).isZero();
        plan.diff().unpersist();
        assertThat(DeltaTestTables.latestVersion(t)).isEqualTo(2);
        RestoreOutcome outcome = Delta.restore(t, 1);
        assertThat(outcome.newVersion()).isEqualTo(3);
        assertThat(outcome.metrics()).containsKey("num_removed_files");
        assertThat(rows(sql("SELECT * FROM " + t))).containsExactly("1");
    }
}
