package dev.lakehouse.magics.delta;

import static dev.lakehouse.magics.delta.DeltaTestTables.rows;
import static dev.lakehouse.magics.delta.DeltaTestTables.sql;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.magics.testing.Magics;
import dev.lakehouse.magics.testing.RecordingContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Applies known inserts, updates and deletes (one MERGE per version) to two tables, one recording
 * the change data feed and one not, keeps the expected contents of every version in a model, and
 * checks each diff against the model's ground truth, with and without a key.
 */
class DiffTest {
    @TempDir
    static Path dir;

    /** id -> "name|qty" for each version, built by applying the same commits as the tables. */
    static final List<TreeMap<Integer, String>> MODEL = new ArrayList<>();
    static String withFeed;
    static String withoutFeed;

    /** One commit: rows to upsert (id -> "name,qty") and ids to delete. */
    record Commit(Map<Integer, String> upserts, List<Integer> deletes) {}

    static final List<Commit> COMMITS = List.of(
            new Commit(Map.of(1, "a,10", 2, "b,20", 3, "c,30", 4, "d,40", 5, "e,50", 6, "f,60"), List.of()),
            new Commit(Map.of(2, "b,21", 7, "g,70"), List.of(4)),
            new Commit(Map.of(7, "G,70", 3, "c,31", 8, "h,80"), List.of(5)),
            new Commit(Map.of(2, "b,20"), List.of()));

    @BeforeAll
    static void applyCommits() {
        withFeed = DeltaTestTables.create(dir, DeltaTestTables.uniqueName("diff_cdf"), "id INT, name STRING, qty INT",
                "delta.enableChangeDataFeed = true");
        withoutFeed = DeltaTestTables.create(dir, DeltaTestTables.uniqueName("diff_plain"), "id INT, name STRING, qty INT", null);
        MODEL.add(new TreeMap<>());
        for (Commit c : COMMITS) {
            TreeMap<Integer, String> next = new TreeMap<>(MODEL.get(MODEL.size() - 1));
            c.deletes().forEach(next::remove);
            c.upserts().forEach((id, v) -> next.put(id, v.replace(',', '|')));
            MODEL.add(next);
            merge(withFeed, c);
            merge(withoutFeed, c);
        }
    }

    static void merge(String table, Commit c) {
        List<String> source = new ArrayList<>();
        c.upserts().forEach((id, v) -> {
            String[] nv = v.split(",");
            source.add("(" + id + ", '" + nv[0] + "', " + nv[1] + ", false)");
        });
        c.deletes().forEach(id -> source.add("(" + id + ", NULL, NULL, true)"));
        sql("MERGE INTO " + table + " t USING (SELECT * FROM VALUES " + String.join(", ", source)
                + " AS s(id, name, qty, drop)) s ON t.id = s.id"
                + " WHEN MATCHED AND s.drop THEN DELETE"
                + " WHEN MATCHED THEN UPDATE SET name = s.name, qty = s.qty"
                + " WHEN NOT MATCHED AND NOT s.drop THEN INSERT (id, name, qty) VALUES (s.id, s.name, s.qty)");
    }

    @Test
    void tablesMatchTheModelAtEveryVersion() {
        for (int v = 0; v < MODEL.size(); v++) {
            assertThat(rows(Delta.at(withFeed, v))).as("version %d", v).isEqualTo(modelRows(v));
            assertThat(rows(Delta.at(withoutFeed, v))).as("version %d", v).isEqualTo(modelRows(v));
        }
    }

    @ParameterizedTest(name = "{0} -> {1}, change data feed {2}")
    @CsvSource({"1, 4, true", "1, 4, false", "2, 3, true", "2, 3, false", "0, 4, true", "0, 4, false"})
    void diffWithKeyMatchesGroundTruth(int from, int to, boolean feed) {
        TableDiff diff = Delta.diff(feed ? withFeed : withoutFeed, from, to, "id");
        try {
            assertThat(diff.method()).isEqualTo(feed ? TableDiff.Method.CHANGE_DATA_FEED : TableDiff.Method.SNAPSHOTS);
            TreeMap<Integer, String> before = MODEL.get(from);
            TreeMap<Integer, String> after = MODEL.get(to);
            List<String> inserted = new ArrayList<>();
            List<String> deleted = new ArrayList<>();
            List<String> updated = new ArrayList<>();
            after.forEach((id, row) -> {
                if (!before.containsKey(id)) {
                    inserted.add(id + "|" + row);
                } else if (!before.get(id).equals(row)) {
                    String[] b = before.get(id).split("\\|");
                    String[] a = row.split("\\|");
                    updated.add(id + "|" + b[0] + "|" + a[0] + "|" + b[1] + "|" + a[1]);
                }
            });
            before.forEach((id, row) -> {
                if (!after.containsKey(id)) {
                    deleted.add(id + "|" + row);
                }
            });
            inserted.sort(null);
            deleted.sort(null);
            updated.sort(null);
            assertThat(rows(diff.inserted())).isEqualTo(inserted);
            assertThat(rows(diff.deleted())).isEqualTo(deleted);
            assertThat(rows(diff.updated())).isEqualTo(updated);
            assertThat(diff.counts()).isEqualTo(new TableDiff.Counts(inserted.size(), deleted.size(), updated.size(), 0));
            assertThat(diff.updated().columns()).containsExactly("id", "before_name", "after_name", "before_qty", "after_qty");
        } finally {
            diff.unpersist();
        }
    }

    @ParameterizedTest(name = "{0} -> {1}, change data feed {2}")
    @CsvSource({"1, 4, true", "1, 4, false", "2, 3, true", "2, 3, false", "0, 4, true"})
    void diffWithoutKeyIsTheNetRowDifference(int from, int to, boolean feed) {
        TableDiff diff = Delta.diff(feed ? withFeed : withoutFeed, from, to);
        try {
            TreeSet<String> before = new TreeSet<>(modelRows(from));
            TreeSet<String> after = new TreeSet<>(modelRows(to));
            TreeSet<String> inserted = new TreeSet<>(after);
            inserted.removeAll(before);
            TreeSet<String> deleted = new TreeSet<>(before);
            deleted.removeAll(after);
            assertThat(rows(diff.inserted())).containsExactlyElementsOf(inserted);
            assertThat(rows(diff.deleted())).containsExactlyElementsOf(deleted);
            assertThat(diff.updated()).isNull();
            assertThat(diff.updatedCount()).isEqualTo(-1);
            assertThat(diff.insertedCount()).isEqualTo(inserted.size());
            assertThat(diff.deletedCount()).isEqualTo(deleted.size());
        } finally {
            diff.unpersist();
        }
    }

    @Test
    void diffBackwardsInTimeSwapsInsertsAndDeletes() {
        TableDiff diff = Delta.diff(withFeed, 3, 1, "id");
        try {
            assertThat(diff.method()).isEqualTo(TableDiff.Method.SNAPSHOTS);
            assertThat(rows(diff.inserted())).containsExactly("4|d|40", "5|e|50");
            assertThat(rows(diff.deleted())).containsExactly("7|G|70", "8|h|80");
            assertThat(rows(diff.updated())).containsExactly("2|b|b|21|20", "3|c|c|31|30");
        } finally {
            diff.unpersist();
        }
    }

    @Test
    void feedTurnedOnLaterIsUsedOnlyForTheVersionsItCovers() {
        String table = DeltaTestTables.create(dir, DeltaTestTables.uniqueName("diff_late"), "id INT, v STRING", null);
        sql("INSERT INTO " + table + " VALUES (1, 'a'), (2, 'b')");             // 1
        new DeltaTables(DeltaTestTables.spark()).changeDataFeed(table, true);  // 2
        sql("UPDATE " + table + " SET v = 'B' WHERE id = 2");                   // 3
        TableDiff covered = Delta.diff(table, 2, 3, "id");
        TableDiff uncovered = Delta.diff(table, 0, 3, "id");
        try {
            assertThat(covered.method()).isEqualTo(TableDiff.Method.CHANGE_DATA_FEED);
            assertThat(rows(covered.updated())).containsExactly("2|b|B");
            assertThat(uncovered.method()).isEqualTo(TableDiff.Method.SNAPSHOTS);
            assertThat(uncovered.notes()).anySatisfy(n -> assertThat(n).contains("not recorded"));
            assertThat(rows(uncovered.inserted())).containsExactly("1|a", "2|B");
        } finally {
            covered.unpersist();
            uncovered.unpersist();
        }
    }

    @Test
    void magicShowsCountsAndBeforeAfterPairs() {
        RecordingContext context = new RecordingContext();
        Object shown = Magics.run(new DeltaMagic(), context, "%delta diff " + withFeed + " --from 1 --to 4 --key id");
        String text = Magics.text(shown);
        assertThat(text).contains("inserted rows | 2", "deleted rows  | 2", "updated rows  | 1")
                .contains("the change data feed")
                .contains("30 → 31", "Inserted (2)", "Deleted (2)");
        assertThat(((dev.lakehouse.magics.api.DisplayData) shown).data().get("text/html").toString())
                .contains("<h5>Updated (1): before → after</h5>");
        String summary = Magics.text(Magics.run(new DeltaMagic(), context,
                "%delta diff " + withoutFeed + " --from 1 --to 4 --summary"));
        // Without a key, id 3's update counts as one deleted and one inserted row.
        assertThat(summary).contains("inserted rows | 3", "deleted rows  | 3", "pass --key").doesNotContain("Inserted (");
    }

    @Test
    void unknownKeyColumnListsTheColumns() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Delta.diff(withFeed, 1, 2, "nope"))
                .hasMessageContaining("Unknown key column 'nope'").hasMessageContaining("id, name, qty");
    }

    static List<String> modelRows(int version) {
        List<String> out = new ArrayList<>();
        MODEL.get(version).forEach((id, row) -> out.add(id + "|" + row));
        out.sort(null);
        return out;
    }
}
