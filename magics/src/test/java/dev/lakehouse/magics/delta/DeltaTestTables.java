package dev.lakehouse.magics.delta;

import dev.lakehouse.magics.testing.TestSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Small Delta tables on disk for the time travel tests; names are unique so tests never collide. */
final class DeltaTestTables {
    private DeltaTestTables() {}

    static SparkSession spark() {
        return TestSpark.session();
    }

    /** A unique catalog-safe name such as {@code tt_orders_1a2b3c4d}. */
    static String uniqueName(String prefix) {
        return "tt_" + prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    /** Creates a Delta table at a fresh folder under {@code dir}, registered under {@code name}. */
    static String create(Path dir, String name, String columns, String properties) {
        Path location = dir.resolve(name);
        sql("CREATE TABLE " + name + " (" + columns + ") USING delta LOCATION '" + location.toUri() + "'"
                + (properties == null || properties.isBlank() ? "" : " TBLPROPERTIES (" + properties + ")"));
        return name;
    }

    static Dataset<Row> sql(String statement) {
        return spark().sql(statement);
    }

    /** Rows as "v1|v2|..." strings, sorted, so results compare regardless of order. */
    static List<String> rows(Dataset<Row> data) {
        List<String> out = new ArrayList<>();
        for (Row r : data.collectAsList()) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < r.length(); i++) {
                values.add(String.valueOf(r.get(i)));
            }
            out.add(String.join("|", values));
        }
        out.sort(null);
        return out;
    }

    static long latestVersion(String table) {
        return spark().sql("DESCRIBE HISTORY " + table + " LIMIT 1").head().getLong(0);
    }
}
