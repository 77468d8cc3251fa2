package dev.lakehouse.magics.delta;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** RESTORE with a preview: the diff it will apply first, the restore only when asked. */
final class Restore {
    private Restore() {}

    static RestorePlan plan(SparkSession spark, DeltaTableRef table, VersionSpec target, List<String> keys) {
        long version = target.resolve(spark, table);
        long current = DeltaLogFiles.list(spark, table).latest();
        TableDiff diff = Differ.diff(spark, table, current, version, keys);
        return new RestorePlan(table.display(), current, version, diff);
    }

    static RestoreOutcome apply(SparkSession spark, DeltaTableRef table, RestorePlan plan) {
        long before = DeltaLogFiles.list(spark, table).latest();
        Row result = spark.sql("RESTORE TABLE " + table.sqlName() + " TO VERSION AS OF " + plan.targetVersion()).head();
        Map<String, Object> metrics = new LinkedHashMap<>();
        for (String field : result.schema().fieldNames()) {
            metrics.put(field, result.get(result.fieldIndex(field)));
        }
        long after = DeltaLogFiles.list(spark, table).latest();
        plan.diff().unpersist();
        return new RestoreOutcome(table.display(), plan.targetVersion(), after, metrics, plan,
                before != plan.currentVersion());
    }
}
