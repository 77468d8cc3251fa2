package dev.lakehouse.magics.sql;

import dev.lakehouse.magics.api.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.Row;

/** Names of the tables and views a user can query, for suggestions and completion. */
public final class TableNames {
    private TableNames() {}

    /**
     * Tables and temp views of the current schema unqualified, other schemas' tables qualified.
     * Names only (SHOW TABLES): no table is loaded, so one whose files are gone cannot break the list.
     */
    public static List<String> all(SparkSession spark) {
        Set<String> names = new LinkedHashSet<>();
        String current = spark.catalog().currentDatabase();
        for (Row t : spark.sql("SHOW TABLES").collectAsList()) {
            names.add(t.getString(1));
        }
        for (Row schema : spark.sql("SHOW SCHEMAS").collectAsList()) {
            String db = schema.getString(0);
            if (!db.equals(current)) {
                try {
                    for (Row t : spark.sql("SHOW TABLES IN `" + db.replace("`", "``") + "`").collectAsList()) {
                        if (!t.getBoolean(2)) {
                            names.add(db + "." + t.getString(1));
                        }
                    }
                } catch (Exception dropped) {
                    // the schema went away between listing schemas and listing its tables
                }
            }
        }
        return new ArrayList<>(names);
    }

    /** "Did you mean: a, b?" or the list of what exists. */
    static String suggestion(SparkSession spark, String wanted) {
        List<String> known;
        try {
            known = all(spark);
        } catch (Exception catalogTrouble) { // Spark's AnalysisException is checked, yet thrown undeclared
            return "";
        }
        String bare = wanted.startsWith("spark_catalog.") ? wanted.substring("spark_catalog.".length()) : wanted;
        List<String> close = Suggestions.closest(bare, known, 3);
        if (close.isEmpty()) {
            String bareName = bare.substring(bare.lastIndexOf('.') + 1);
            close = Suggestions.closest(bareName, known, 3);
        }
        if (!close.isEmpty()) {
            return "Did you mean: " + String.join(", ", close) + "?";
        }
        if (known.isEmpty()) {
            return "There are no tables yet; %sqlcmd tables lists them once you create some.";
        }
        List<String> some = known.subList(0, Math.min(10, known.size()));
        return "Known tables: " + String.join(", ", some) + (known.size() > 10 ? ", ..." : "") + ".";
    }
}
