package dev.lakehouse.magics.delta;

import static dev.lakehouse.magics.delta.DeltaTestTables.rows;
import static dev.lakehouse.magics.delta.DeltaTestTables.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.lakehouse.magics.testing.Magics;
import dev.lakehouse.magics.testing.RecordingContext;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Versions made unreachable by VACUUM or by log cleanup give a clear error naming the earliest
 * reachable version, never wrong or partial data.
 */
class UnreachableVersionTest {
    @TempDir
    Path dir;

    @Test
    void vacuumedVersionFailsClearlyEvenWhenSparkWouldSkipMissingFiles() {
        String t = DeltaTestTables.create(dir, DeltaTestTables.uniqueName("vacuumed"), "id INT",
                "delta.deletedFileRetentionDuration = 'interval 0 hours'");
        sql("INSERT INTO " + t + " VALUES (1)");                  // 1: file A
        sql("INSERT OVERWRITE " + t + " VALUES (3)");             // 2: removes A, adds B
        sql("INSERT INTO " + t + " VALUES (4)");                  // 3: adds C
        assertThat(rows(Delta.at(t, 1))).containsExactly("1"); // cached before the VACUUM

        RecordingContext context = new RecordingContext();
        String preview = Magics.text(Magics.run(new DeltaMagic(), context, "%delta vacuum " + t + " --retain 0"));
        assertThat(preview).contains("Version 1 stops being reachable").contains("earliest reachable version becomes 2")
                .contains("Dry run: nothing was deleted");
        assertThat(rows(Delta.at(t, 1))).as("a dry run deletes nothing").containsExactly("1");

        String done = Magics.text(Magics.run(new DeltaMagic(), context, "%delta vacuum " + t + " --retain 0 --yes"));
        assertThat(done).contains("Deleted 1 file(s)").contains("Versions 2–5 are reachable");

        DeltaTestTables.spark().conf().set("spark.sql.files.ignoreMissingFiles", "true");
        try {
            Throwable error = catchThrowable(() -> rows(Delta.at(t, 1)));
            assertThat(error).isInstanceOf(VersionUnreachableException.class)
                    .hasMessageContaining("Version 1 of " + t + " is no longer reachable")
                    .hasMessageContaining("VACUUM deleted 1 of its 1 data files")
                    .hasMessageContaining("The earliest reachable version is 2.");
            assertThat(((VersionUnreachableException) error).earliestReachableVersion()).isEqualTo(2);
        } finally {
            DeltaTestTables.spark().conf().unset("spark.sql.files.ignoreMissingFiles");
        }
        assertThatThrownBy(() -> Magics.run(new DeltaMagic(), context, "%delta diff " + t + " --from 1 --to 3"))
                .hasMessageContaining("earliest reachable version is 2");
        assertThatThrownBy(() -> Magics.run(new DeltaMagic(), context, "%delta restore " + t + " --version 1 --yes"))
                .hasMessageContaining("earliest reachable version is 2");
        assertThat(rows(Delta.at(t, 2))).containsExactly("3");
        assertThat(DeltaTestTables.latestVersion(t)).as("the failed restore committed nothing").isEqualTo(5);

        // Delta's own error, from reading the old version directly, is translated into ours.
        Throwable raw = catchThrowable(() -> sql("SELECT * FROM " + t + " VERSION AS OF 1").collect());
        assertThat(DeltaErrors.translate(raw, DeltaTestTables.spark(), DeltaTableRef.resolve(DeltaTestTables.spark(), t)))
                .isInstanceOf(VersionUnreachableException.class)
                .hasMessageContaining("The earliest reachable version is 2");
    }

    @Test
    void versionRemovedByLogCleanupNamesTheEarliestReachableVersion() {
        String t = DeltaTestTables.create(dir, DeltaTestTables.uniqueName("cleaned"), "id INT",
                "delta.checkpointInterval = 3, delta.logRetentionDuration = 'interval 1 days'");
        sql("INSERT INTO " + t + " VALUES (1)");                  // 1
        sql("INSERT INTO " + t + " VALUES (2)");                  // 2
        // Pretend those commits are five days old, so the next checkpoint's log cleanup removes them.
        File log = dir.resolve(t).resolve("_delta_log").toFile();
        long fiveDaysAgo = System.currentTimeMillis() - 5L * 24 * 3600 * 1000;
        for (File f : log.listFiles()) {
            assertThat(f.setLastModified(fiveDaysAgo)).isTrue();
        }
        sql("INSERT INTO " + t + " VALUES (3)");                  // 3: checkpoint, cleanup
        sql("INSERT INTO " + t + " VALUES (4)");                  // 4
        List<Row> history = sql("DESCRIBE HISTORY " + t).select("version").collectAsList();
        assertThat(history).extracting(r -> r.getLong(0)).doesNotContain(0L);

        Throwable error = catchThrowable(() -> Delta.at(t, 0));
        assertThat(error).isInstanceOf(VersionUnreachableException.class)
                .hasMessageContaining("Version 0 of " + t + " is no longer reachable: log cleanup removed its commit files")
                .hasMessageContaining("The earliest reachable version is 3.");
        // Delta agrees on what is left.
        Throwable delta = catchThrowable(() -> sql("SELECT * FROM " + t + " VERSION AS OF 0").collect());
        assertThat(delta).hasMessageContaining("Available versions: [3, 4]");
        assertThat(DeltaErrors.translate(delta, DeltaTestTables.spark(), DeltaTableRef.resolve(DeltaTestTables.spark(), t)))
                .hasMessageContaining("Version 0 of " + t + " cannot be read; the earliest reachable version is 3");
        assertThat(rows(Delta.at(t, 3))).containsExactly("1", "2", "3");
        assertThatThrownBy(() -> Delta.at(t, 9)).hasMessageContaining("has no version 9; its versions run from 3 to 4");
        String retention = Magics.text(Magics.run(new DeltaMagic(), new RecordingContext(), "%delta retention " + t));
        assertThat(retention.lines().filter(l -> l.startsWith("earliest reachable version")))
                .singleElement().asString().contains("| 3 (committed");
        assertThat(retention).contains("interval 1 days");
    }
}
