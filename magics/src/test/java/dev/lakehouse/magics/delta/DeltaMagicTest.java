package dev.lakehouse.magics.delta;

import static dev.lakehouse.magics.delta.DeltaTestTables.rows;
import static dev.lakehouse.magics.delta.DeltaTestTables.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.api.MagicException;
import dev.lakehouse.magics.api.MagicKind;
import dev.lakehouse.magics.api.MagicRegistry;
import dev.lakehouse.magics.sql.SqlMagic;
import dev.lakehouse.magics.testing.Magics;
import dev.lakehouse.magics.testing.RecordingContext;
import java.nio.file.Path;
import java.sql.Timestamp;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The %delta subcommands end to end on one small table with the change data feed on. */
class DeltaMagicTest {
    @TempDir
    static Path dir;
    static String table;
    static Timestamp afterVersionOne;
    final DeltaMagic magic = new DeltaMagic();
    final RecordingContext context = new RecordingContext();

    @BeforeAll
    static void createTable() throws InterruptedException {
        table = DeltaTestTables.create(dir, DeltaTestTables.uniqueName("magic"), "id INT, name STRING",
                "delta.enableChangeDataFeed = true");
        sql("INSERT INTO " + table + " VALUES (1, 'one'), (2, 'two')");       // 1
        afterVersionOne = sql("DESCRIBE HISTORY " + table).where("version = 1").select("timestamp").head().getTimestamp(0);
        sql("UPDATE " + table + " SET name = 'TWO' WHERE id = 2");            // 2
        sql("DELETE FROM " + table + " WHERE id = 1");                         // 3
    }

    String run(String line) {
        return Magics.text(Magics.run(magic, context, line));
    }

    @Test
    void isFoundThroughTheServiceLoaderAsALineMagic() {
        MagicRegistry registry = new MagicRegistry().registerServiceLoaded(getClass().getClassLoader());
        assertThat(registry.find("delta")).get().extracting(m -> m.kind()).isEqualTo(MagicKind.LINE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"history", "at", "diff", "changes", "restore", "vacuum", "retention", "detail", "cdf"})
    void everySubcommandAnswersHelp(String subcommand) {
        String help = run("%delta " + subcommand + " --help");
        assertThat(help).startsWith("Usage: %delta " + subcommand).contains("TABLE");
        assertThat(magic.help()).contains("Usage: %delta " + subcommand);
    }

    @Test
    void magicHelpListsSubcommandsAndNoArgumentsShowsIt() {
        assertThat(run("%delta --help")).contains("history", "restore", "vacuum", "Delta.diff(");
        assertThat(run("%delta")).contains("Usage: %delta");
        assertThatThrownBy(() -> run("%delta histroy t")).isInstanceOf(MagicException.class)
                .hasMessageContaining("Did you mean").hasMessageContaining("history");
    }

    @Test
    void historyIsNewestFirstWithReadableParametersAndOptionalMetrics() {
        String all = run("%delta history " + table);
        assertThat(all.indexOf("DELETE")).isLessThan(all.indexOf("UPDATE"));
        assertThat(all).contains("predicate=[\"(id = 1)\"]").doesNotContain("#");
        Dataset<Row> limited = Delta.history(table, 2);
        assertThat(limited.collectAsList()).extracting(r -> r.getLong(0)).containsExactly(3L, 2L);
        Dataset<Row> writes = new DeltaTables(DeltaTestTables.spark())
                .history(table, 20, java.util.List.of("write", "UPDATE"), null, true);
        assertThat(writes.collectAsList()).extracting(r -> r.getString(2)).containsExactly("UPDATE", "WRITE");
        assertThat(writes.columns()).contains("numOutputRows", "numUpdatedRows");
        Row write = writes.filter("operation = 'WRITE'").head();
        assertThat(write.<Long>getAs("numOutputRows")).isEqualTo(2L);
        assertThat(run("%delta history " + table + " --since '2999-01-01'")).contains("0 rows");
        assertThat(run("%delta history " + table + " --metrics --ops DELETE")).contains("numDeletedRows");
    }

    @Test
    void atReadsAVersionByNumberOrTimeAndBindsIt() {
        String shown = run("%delta at " + table + " --version 1 -o old");
        assertThat(shown).contains("as of version 1").contains("Bound to the Java variable old").contains("two");
        assertThat(context.variables.get("old").javaType()).isEqualTo(SqlMagic.DATASET_TYPE);
        @SuppressWarnings("unchecked")
        Dataset<Row> old = (Dataset<Row>) context.valueOf("old");
        assertThat(rows(old)).containsExactly("1|one", "2|two");
        String byTime = run("%delta at " + table + " --timestamp '" + afterVersionOne + "'");
        assertThat(byTime).contains("as of version 1");
        assertThat(rows(Delta.at(table, afterVersionOne.toString()))).containsExactly("1|one", "2|two");
        String path = dir.resolve(table).toString();
        assertThat(rows(Delta.at(path, 2))).containsExactly("1|one", "2|TWO");
        assertThat(run("%delta at delta.`" + path + "` --version 3")).contains("as of version 3").contains("TWO");
    }

    @Test
    void atRejectsBadInput() {
        assertThatThrownBy(() -> run("%delta at " + table)).hasMessageContaining("--version");
        assertThatThrownBy(() -> run("%delta at " + table + " --version 1 --timestamp 2020-01-01"))
                .hasMessageContaining("mutually exclusive");
        assertThatThrownBy(() -> run("%delta at " + table + " --version 7"))
                .hasMessageContaining("has no version 7; its versions run from 0 to 3");
        assertThatThrownBy(() -> run("%delta at " + table + " --timestamp 2001-01-01"))
                .hasMessageContaining("before the earliest version");
        assertThatThrownBy(() -> run("%delta at " + table + " --timestamp last-week"))
                .hasMessageContaining("'last-week' is not a timestamp");
        assertThatThrownBy(() -> run("%delta at " + table + " --version 1 -o 1x"))
                .hasMessageContaining("not a valid Java variable name");
        assertThatThrownBy(() -> run("%delta at " + table.substring(0, table.length() - 1) + " --version 1"))
                .hasMessageContaining("No table").hasMessageContaining("Did you mean: " + table);
        assertThatThrownBy(() -> run("%delta at " + dir.resolve("nowhere") + " --version 1"))
                .hasMessageContaining("No Delta table at");
    }

    @Test
    void changesListsTheFeedInCommitOrderAndFiltersTypes() {
        String shown = run("%delta changes " + table + " --from 2 -o feed");
        assertThat(shown).contains("update_preimage", "update_postimage", "delete");
        @SuppressWarnings("unchecked")
        Dataset<Row> feed = (Dataset<Row>) context.valueOf("feed");
        assertThat(feed.columns()).startsWith("_commit_version", "_change_type", "id", "name");
        assertThat(rows(feed.select("_commit_version", "_change_type", "id", "name")))
                .containsExactly("2|update_postimage|2|TWO", "2|update_preimage|2|two", "3|delete|1|one");
        assertThat(rows(Delta.changes(table, 1, 3, "insert").select("id"))).containsExactly("1", "2");
        assertThatThrownBy(() -> run("%delta changes " + table + " --from 1 --types upsert"))
                .hasMessageContaining("Unknown change type 'upsert'");
    }

    @Test
    void changesWithoutTheFeedSaysHowToTurnItOn() {
        String plain = DeltaTestTables.create(dir, DeltaTestTables.uniqueName("nofeed"), "id INT", null);
        sql("INSERT INTO " + plain + " VALUES (1)");
        assertThatThrownBy(() -> run("%delta changes " + plain + " --from 1"))
                .isInstanceOf(MagicException.class)
                .hasMessageContaining("change data feed of " + plain + " was not recorded for version 1")
                .hasMessageContaining("%delta cdf " + plain + " on");
        assertThat(run("%delta cdf " + plain + " on")).contains("Change data feed is on for " + plain + " from version 2");
        sql("INSERT INTO " + plain + " VALUES (2)");
        assertThat(rows(Delta.changes(plain, 3).select("id", "_change_type"))).containsExactly("2|insert");
        assertThat(run("%delta detail " + plain).lines().filter(l -> l.startsWith("change data feed")))
                .singleElement().asString().endsWith("| on");
        assertThat(run("%delta cdf " + plain + " off")).contains("off for " + plain + " from version 4");
        assertThatThrownBy(() -> run("%delta cdf " + plain + " maybe")).hasMessageContaining("Say on or off");
    }

    @Test
    void detailAndRetentionDescribeTheTable() {
        DisplayData detail = (DisplayData) Magics.run(magic, context, "%delta detail " + table);
        assertThat(detail.plainText()).contains("latest version", "| 3", "format", "delta", "delta.enableChangeDataFeed");
        assertThat(detail.data().get("text/html").toString()).contains("<table");
        String retention = run("%delta retention " + table);
        assertThat(retention).contains("delta.logRetentionDuration", "interval 30 days (default)",
                "Time travel reaches versions 0–3");
    }

    @Test
    void vacuumWithTooShortARetentionExplainsTheSafetyCheck() {
        assertThatThrownBy(() -> run("%delta vacuum " + table + " --retain 1"))
                .hasMessageContaining("Delta refuses to VACUUM with a retention shorter than 168 hours")
                .hasMessageContaining("--retain 168");
        String plan = run("%delta vacuum " + table);
        assertThat(plan).contains("retention interval 1 week (the table's delta.deletedFileRetentionDuration)")
                .contains("versions that stop being reachable | none", "Dry run: nothing was deleted");
    }
}
