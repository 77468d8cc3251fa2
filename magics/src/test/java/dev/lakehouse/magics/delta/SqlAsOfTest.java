package dev.lakehouse.magics.delta;

import static dev.lakehouse.magics.delta.DeltaTestTables.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.api.MagicException;
import dev.lakehouse.magics.sql.SqlMagic;
import dev.lakehouse.magics.testing.Magics;
import dev.lakehouse.magics.testing.RecordingContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code %%sql --as-of VERSION|TIMESTAMP --table T}: the magic reads T as it was, other tables as they are. */
class SqlAsOfTest {
    @TempDir
    Path dir;

    private final SqlMagic magic = new SqlMagic();
    private final RecordingContext context = new RecordingContext();

    private Object json(String cell) {
        return ((DisplayData) Magics.run(magic, context, cell)).data().get(DisplayData.JSON);
    }

    @Test
    void readsTheNamedTableAtAVersionOrTimeAndLeavesOtherTablesCurrent() {
        String t = DeltaTestTables.create(dir, DeltaTestTables.uniqueName("asof"), "id INT", null);
        String other = DeltaTestTables.create(dir, DeltaTestTables.uniqueName("asof_other"), "id INT", null);
        sql("INSERT INTO " + t + " VALUES (1), (2)");      // 1
        sql("INSERT INTO " + t + " VALUES (3)");           // 2
        sql("INSERT INTO " + other + " VALUES (10)");      // other: 1
        sql("INSERT INTO " + other + " VALUES (20)");      // other: 2
        String secondCommit = sql("DESCRIBE HISTORY " + t).where("version = 2").select("timestamp").head().get(0).toString();

        assertThat(json("%%sql --format json --as-of 1 --table " + t + "\nSELECT count(*) AS n FROM " + t))
                .isEqualTo(List.of(Map.of("n", 2L)));
        assertThat(json("%%sql --format json --as-of 1 --table " + t + "\n"
                + "SELECT (SELECT count(*) FROM " + t + ") AS old_rows, (SELECT count(*) FROM " + other + ") AS other_rows"))
                .isEqualTo(List.of(Map.of("old_rows", 2L, "other_rows", 2L)));
        assertThat(json("%%sql --format json --as-of '" + secondCommit + "' --table " + t + "\nSELECT count(*) AS n FROM " + t))
                .isEqualTo(List.of(Map.of("n", 3L)));
        assertThat(json("%%sql --format json\nSELECT count(*) AS n FROM " + t)).isEqualTo(List.of(Map.of("n", 3L)));
    }

    @Test
    void mistakesAreExplained() {
        String t = DeltaTestTables.create(dir, DeltaTestTables.uniqueName("asof_bad"), "id INT", null);
        sql("INSERT INTO " + t + " VALUES (1)");

        assertThatThrownBy(() -> Magics.run(magic, context, "%%sql --as-of 1\nSELECT * FROM " + t))
                .isInstanceOf(MagicException.class).hasMessageContaining("--as-of and --table go together");
        assertThatThrownBy(() -> Magics.run(magic, context, "%%sql --as-of 1 --table " + t + "\nSELECT 1"))
                .isInstanceOf(MagicException.class).hasMessageContaining("does not read " + t);
        assertThatThrownBy(() -> Magics.run(magic, context, "%%sql --as-of 1 --table " + t + "\nDELETE FROM " + t))
                .isInstanceOf(MagicException.class).hasMessageContaining("writes to " + t);
        assertThatThrownBy(() -> Magics.run(magic, context, "%%sql --as-of 7 --table " + t + "\nSELECT * FROM " + t))
                .isInstanceOf(MagicException.class).hasMessageContaining("7");
    }

    @Test
    void aVacuumedVersionNamesTheEarliestReachableVersion() {
        String t = DeltaTestTables.create(dir, DeltaTestTables.uniqueName("asof_gone"), "id INT",
                "delta.deletedFileRetentionDuration = 'interval 0 hours'");
        sql("INSERT INTO " + t + " VALUES (1)");                  // 1: file A
        sql("INSERT OVERWRITE " + t + " VALUES (3)");             // 2: removes A
        sql("VACUUM " + t + " RETAIN 0 HOURS");

        assertThatThrownBy(() -> Magics.run(magic, context, "%%sql --as-of 1 --table " + t + "\nSELECT * FROM " + t))
                .isInstanceOf(VersionUnreachableException.class)
                .hasMessageContaining("earliest reachable version is 2");
    }
}
