package dev.lakehouse.magics.delta;

import dev.lakehouse.magics.api.MagicException;
import dev.lakehouse.magics.api.Suggestions;
import dev.lakehouse.magics.sql.TableNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.catalog.SessionCatalog;
import org.apache.spark.sql.delta.DeltaLog;

/**
 * A Delta table the user named, either by catalog name ({@code orders}, {@code db.orders}) or by
 * path ({@code /data/orders}, {@code delta.`/data/orders`}). {@code sqlName} is safe to splice
 * into SQL: names are re-quoted from the parsed identifier, paths are backtick-escaped.
 */
public record DeltaTableRef(String display, String sqlName, String location, boolean byPath) {

    public static DeltaTableRef resolve(SparkSession spark, String nameOrPath) {
        String given = nameOrPath == null ? "" : nameOrPath.strip();
        if (given.isEmpty()) {
            throw new MagicException("Name a Delta table: a catalog name (orders, db.orders) or a path (/data/orders).");
        }
        String path = pathOf(given);
        return path != null ? byPath(spark, path) : byName(spark, given);
    }

    /** The path when {@code given} names a table by location, else null. */
    static String pathOf(String given) {
        String lower = given.toLowerCase(Locale.ROOT);
        if (lower.startsWith("delta.`") && given.endsWith("`")) {
            return given.substring("delta.`".length(), given.length() - 1).replace("``", "`");
        }
        boolean looksLikePath = given.contains("/") || given.contains("\\") || given.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*");
        return looksLikePath ? given : null;
    }

    private static DeltaTableRef byPath(SparkSession spark, String rawPath) {
        try {
            Path path = new Path(rawPath);
            FileSystem fs = path.getFileSystem(spark.sessionState().newHadoopConf());
            Path qualified = fs.makeQualified(path);
            if (!fs.exists(new Path(qualified, "_delta_log"))) {
                throw new MagicException("No Delta table at " + qualified + " (it has no _delta_log folder).");
            }
            String location = qualified.toString();
            return new DeltaTableRef(rawPath, "delta.`" + location.replace("`", "``") + "`", location, true);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + rawPath, e);
        }
    }

    private static DeltaTableRef byName(SparkSession spark, String name) {
        TableIdentifier id;
        try {
            id = spark.sessionState().sqlParser().parseTableIdentifier(name);
        } catch (Exception notAName) {
            throw new MagicException("'" + name + "' is neither a table name nor a path.");
        }
        SessionCatalog catalog = spark.sessionState().catalog();
        if (catalog.isTempView(id)) {
            throw new MagicException("'" + name + "' is a temporary view; time travel needs a Delta table.");
        }
        if (!catalog.tableExists(id)) {
            List<String> close = Suggestions.closest(id.table(), safeTableNames(spark), 3);
            throw new MagicException("No table '" + name + "'."
                    + (close.isEmpty() ? "" : " Did you mean: " + String.join(", ", close) + "?"));
        }
        CatalogTable table;
        try {
            table = catalog.getTableMetadata(id);
        } catch (Exception e) {
            throw new MagicException("Could not read the catalog entry of '" + name + "': " + e.getMessage(), e);
        }
        String provider = table.provider().isDefined() ? table.provider().get() : "unknown";
        if (!"delta".equalsIgnoreCase(provider)) {
            throw new MagicException("'" + name + "' is a " + provider + " table; time travel needs a Delta table.");
        }
        return new DeltaTableRef(name, table.identifier().quotedString(), new Path(table.location()).toString(), false);
    }

    private static List<String> safeTableNames(SparkSession spark) {
        try {
            return TableNames.all(spark);
        } catch (Exception catalogTrouble) { // Spark's AnalysisException is checked, yet thrown undeclared
            return List.of();
        }
    }

    public DeltaLog deltaLog(SparkSession spark) {
        return DeltaLog.forTable(spark, new Path(location));
    }

    /** Quotes a string as a SQL string literal. */
    static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
