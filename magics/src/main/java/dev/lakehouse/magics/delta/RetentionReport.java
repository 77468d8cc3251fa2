package dev.lakehouse.magics.delta;

import dev.lakehouse.magics.api.DisplayData;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** How far back a table can be read now, and the settings that decide how far back it will be. */
public record RetentionReport(String table, long latestVersion, long earliestInLog, long earliestReachable,
                              Map<Long, Timestamp> commitTimes, Map<String, String> settings)
        implements DeltaResult {

    static RetentionReport of(SparkSession spark, DeltaTableRef table) {
        DeltaLogFiles log = DeltaLogFiles.list(spark, table);
        Reachability reachability = Reachability.now(log);
        Map<Long, Timestamp> times = new LinkedHashMap<>();
        for (Row r : spark.sql("DESCRIBE HISTORY " + table.sqlName()).select("version", "timestamp").collectAsList()) {
            times.put(r.getLong(0), r.getTimestamp(1));
        }
        Map<String, String> properties = TableProperties.of(spark, table);
        Map<String, String> settings = new LinkedHashMap<>();
        for (String key : new String[] {TableProperties.LOG_RETENTION, TableProperties.FILE_RETENTION,
                TableProperties.CHECKPOINT_INTERVAL, TableProperties.LOG_CLEANUP, TableProperties.CHANGE_DATA_FEED}) {
            String value = TableProperties.valueOrDefault(properties, key);
            settings.put(key, properties.containsKey(key) ? value : value + " (default)");
        }
        return new RetentionReport(table.display(), log.latest(), reachability.earliestInLog(),
                reachability.earliestReachable(), times, settings);
    }

    @Override
    public DisplayData toDisplayData(int maxRows) {
        DeltaReport report = new DeltaReport("Retention of " + table);
        Map<String, Object> versions = new LinkedHashMap<>();
        versions.put("latest version", describe(latestVersion));
        versions.put("earliest version in the log", describe(earliestInLog));
        versions.put("earliest reachable version", describe(earliestReachable));
        report.keyValues(versions);
        if (earliestReachable > earliestInLog) {
            report.warning("VACUUM deleted data files of versions " + earliestInLog + "–" + (earliestReachable - 1)
                    + "; they stay in the history but cannot be read.");
        }
        report.line("Time travel reaches versions " + earliestReachable + "–" + latestVersion + ". Log cleanup (at"
                + " checkpoints) drops commits older than " + settings.get(TableProperties.LOG_RETENTION)
                + "; VACUUM deletes files removed longer ago than " + settings.get(TableProperties.FILE_RETENTION)
                + ". The shorter of the two bounds how far back reads are safe.");
        report.heading("Settings").keyValues(settings);
        return report.build();
    }

    private String describe(long version) {
        Timestamp t = commitTimes.get(version);
        return t == null ? String.valueOf(version) : version + " (committed " + t + ")";
    }

    @Override
    public String toString() {
        return toDisplayData(0).plainText();
    }
}
