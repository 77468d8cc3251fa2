package dev.lakehouse.magics.sql;

import io.delta.tables.DeltaTable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.V2WriteCommand;

/**
 * Says in words what a DDL or DML statement did ("Created table sales.orders.", "Inserted 3 rows
 * into t.", "Deleted 2 rows from t."). Statements that answer with rows (SHOW, DESCRIBE, SET)
 * get no sentence: their rows are the answer.
 */
final class CommandOutcome {
    private static final String NAME = "([`\\w.]+)";
    private static final Pattern DDL = Pattern.compile(
            "^\\s*(CREATE\\s+OR\\s+REPLACE|CREATE|DROP|ALTER|REPLACE)\\s+"
                    + "(?:(?:GLOBAL\\s+)?(TEMPORARY|TEMP)\\s+)?(?:EXTERNAL\\s+)?"
                    + "(TABLE|VIEW|SCHEMA|DATABASE|NAMESPACE|FUNCTION)\\s+(?:IF\\s+(?:NOT\\s+)?EXISTS\\s+)?" + NAME,
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DML = Pattern.compile(
            "^\\s*(INSERT\\s+INTO|INSERT\\s+OVERWRITE|DELETE\\s+FROM|UPDATE|MERGE\\s+INTO)\\s+(?:TABLE\\s+)?" + NAME,
            Pattern.CASE_INSENSITIVE);

    private CommandOutcome() {}

    static boolean isCommand(Dataset<?> result) {
        return result.queryExecution().analyzed() instanceof Command;
    }

    /** A sentence for a command that returns no rows, or empty when its rows should be shown. */
    static Optional<String> describe(SparkSession spark, String sql, Dataset<Row> result) {
        LogicalPlan plan = result.queryExecution().analyzed();
        String text = SqlText.stripComments(sql);
        List<String> columns = List.of(result.columns());
        if (!columns.isEmpty() && columns.get(0).equals("num_affected_rows")) {
            return Optional.of(dmlWithCounts(text, columns, result.collectAsList()));
        }
        if (!columns.isEmpty()) {
            return Optional.empty();
        }
        Matcher dml = DML.matcher(text);
        boolean isDml = dml.find();
        if (plan instanceof V2WriteCommand || isDml) {
            return Optional.of(write(spark, isDml ? dml.group(2) : null, isDml ? dml.group(1) : "INSERT INTO"));
        }
        Matcher ddl = DDL.matcher(text);
        if (ddl.find()) {
            String verb = switch (ddl.group(1).toUpperCase(Locale.ROOT).replaceAll("\\s+", " ")) {
                case "CREATE OR REPLACE" -> "Created or replaced";
                case "CREATE" -> "Created";
                case "DROP" -> "Dropped";
                case "ALTER" -> "Altered";
                default -> "Replaced";
            };
            String kind = ddl.group(3).toLowerCase(Locale.ROOT).replace("database", "schema").replace("namespace", "schema");
            String temp = ddl.group(2) == null ? "" : "temporary ";
            String name = ddl.group(4).replace("`", "");
            String rows = "";
            if (kind.equals("table") && !verb.equals("Dropped") && !verb.equals("Altered")
                    && text.matches("(?is).*\\bAS\\s+(SELECT|WITH|VALUES|FROM|TABLE)\\b.*")) {
                rows = lastCommitRows(spark, name).stream().mapToObj(n -> " with " + rowsText(n)).findFirst().orElse("");
            }
            return Optional.of(verb + " " + temp + kind + " " + name + rows + ".");
        }
        return Optional.of("Done (" + plan.nodeName() + ").");
    }

    private static String write(SparkSession spark, String table, String verb) {
        String name = table == null ? "the table" : table.replace("`", "");
        OptionalLong rows = table == null ? OptionalLong.empty() : lastCommitRows(spark, name);
        boolean overwrite = verb.toUpperCase(Locale.ROOT).contains("OVERWRITE");
        if (rows.isPresent()) {
            return overwrite ? "Overwrote " + name + " with " + rowsText(rows.getAsLong()) + "."
                    : "Inserted " + rowsText(rows.getAsLong()) + " into " + name + ".";
        }
        return overwrite ? "Overwrote " + name + "." : "Inserted rows into " + name + ".";
    }

    private static String dmlWithCounts(String sql, List<String> columns, List<Row> rows) {
        Row row = rows.isEmpty() ? null : rows.get(0);
        Matcher dml = DML.matcher(sql);
        boolean isDml = dml.find();
        String table = isDml ? dml.group(2).replace("`", "") : "the table";
        String verb = isDml ? dml.group(1).toUpperCase(Locale.ROOT).replaceAll("\\s+", " ") : "";
        long affected = row == null || row.isNullAt(0) ? 0 : row.getLong(0);
        if (verb.equals("DELETE FROM")) {
            return "Deleted " + rowsText(affected) + " from " + table + ".";
        }
        if (verb.equals("UPDATE")) {
            return "Updated " + rowsText(affected) + " in " + table + ".";
        }
        if (verb.equals("MERGE INTO") && row != null && columns.size() >= 4) {
            return "Merged into " + table + ": " + row.getLong(columns.indexOf("num_updated_rows")) + " updated, "
                    + row.getLong(columns.indexOf("num_deleted_rows")) + " deleted, "
                    + row.getLong(columns.indexOf("num_inserted_rows")) + " inserted.";
        }
        return rowsText(affected) + " affected.";
    }

    /** The output row count of the latest commit of a Delta table, if it is one. */
    private static OptionalLong lastCommitRows(SparkSession spark, String table) {
        try {
            Row last = DeltaTable.forName(spark, table).history(1).select("operationMetrics").head();
            Map<String, String> metrics = last.getJavaMap(0);
            String rows = metrics.get("numOutputRows");
            return rows == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(rows));
        } catch (Exception notDelta) {
            return OptionalLong.empty();
        }
    }

    private static String rowsText(long n) {
        return n == 1 ? "1 row" : n + " rows";
    }
}
