package dev.lakehouse.magics.sql;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.api.Magic;
import dev.lakehouse.magics.api.MagicContext;
import dev.lakehouse.magics.api.MagicException;
import dev.lakehouse.magics.api.MagicInvocation;
import dev.lakehouse.magics.api.MagicKind;
import dev.lakehouse.magics.cli.MagicCommandLine;
import dev.lakehouse.magics.render.ColumnHeader;
import dev.lakehouse.magics.render.TableFormat;
import dev.lakehouse.magics.render.TablePreview;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalog.Table;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code %sqlcmd tables | columns -t T | profile -t T}: what is in the catalog, and what a table holds. */
public final class SqlCmdMagic implements Magic {
    @Command(name = "%sqlcmd", description = "Explore the catalog.", subcommands = {Tables.class, Columns.class, Profile.class})
    static final class Root {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
    }

    @Command(name = "tables", description = "List tables and views.")
    static final class Tables {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
        @Option(names = {"-s", "--schema"}, paramLabel = "SCHEMA", description = "Schema to list (default: the current one).")
        String schema;
    }

    @Command(name = "columns", description = "List a table's columns and types.")
    static final class Columns {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
        @Option(names = {"-t", "--table"}, required = true, paramLabel = "TABLE", description = "Table name, optionally schema.table.")
        String table;
    }

    @Command(name = "profile", description = "Per-column statistics: non-null count, nulls, distinct (approx.), min, max, mean, stddev.")
    static final class Profile {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
        @Option(names = {"-t", "--table"}, required = true, paramLabel = "TABLE", description = "Table name, optionally schema.table.")
        String table;
    }

    @Override
    public String name() {
        return "sqlcmd";
    }

    @Override
    public MagicKind kind() {
        return MagicKind.LINE;
    }

    @Override
    public String summary() {
        return "Explore the catalog: %sqlcmd tables [--schema S] | columns -t T | profile -t T";
    }

    @Override
    public boolean answersHelpItself() {
        return true;
    }

    @Override
    public String help() {
        MagicCommandLine cli = new MagicCommandLine(new Root());
        StringBuilder help = new StringBuilder(cli.usage());
        cli.commandLine().getSubcommands().forEach((n, sub) -> help.append('\n').append(sub.getUsageMessage()));
        return help.toString();
    }

    @Override
    public Object run(MagicInvocation invocation, MagicContext context) {
        MagicCommandLine.Parsed parsed = new MagicCommandLine(new Root()).parse(invocation.argv());
        if (parsed.help().isPresent()) {
            return DisplayData.text(parsed.help().get());
        }
        Object command = parsed.leafCommand();
        SparkSession spark = context.spark();
        try {
            if (command instanceof Tables t) {
                return tables(spark, t.schema);
            } else if (command instanceof Columns c) {
                return columns(spark, c.table);
            } else if (command instanceof Profile p) {
                return profile(spark, p.table);
            }
        } catch (MagicException e) {
            throw e;
        } catch (Exception e) {
            throw SqlErrors.explain(e, "", spark);
        }
        return DisplayData.text(help());
    }

    private static DisplayData tables(SparkSession spark, String schema) throws Exception {
        if (schema != null && !spark.catalog().databaseExists(schema)) {
            throw new MagicException("No schema '" + schema + "'. Schemas: " + spark.catalog().listDatabases()
                    .collectAsList().stream().map(d -> d.name()).toList() + ".");
        }
        List<Table> tables = (schema == null ? spark.catalog().listTables() : spark.catalog().listTables(schema)).collectAsList();
        List<List<Object>> rows = new ArrayList<>();
        for (Table t : tables) {
            String namespace = t.namespace() == null ? "" : String.join(".", t.namespace());
            rows.add(Arrays.asList(namespace, t.name(), t.tableType(), t.isTemporary()));
        }
        return show(List.of(text("schema"), text("name"), text("type"), new ColumnHeader("temporary", "boolean", false)), rows);
    }

    private static DisplayData columns(SparkSession spark, String table) throws Exception {
        requireTable(spark, table);
        List<List<Object>> rows = new ArrayList<>();
        for (org.apache.spark.sql.catalog.Column c : spark.catalog().listColumns(table).collectAsList()) {
            rows.add(Arrays.asList(c.name(), c.dataType(), c.nullable(), c.isPartition(), c.description()));
        }
        return show(List.of(text("column"), text("type"), new ColumnHeader("nullable", "boolean", false),
                new ColumnHeader("partition", "boolean", false), text("comment")), rows);
    }

    /** All statistics in one aggregation job, then turned so each column is a row. */
    private static DisplayData profile(SparkSession spark, String table) {
        requireTable(spark, table);
        Dataset<Row> data = spark.table(table);
        StructField[] fields = data.schema().fields();
        List<Column> aggregates = new ArrayList<>();
        aggregates.add(functions.count(functions.lit(1)));
        for (StructField f : fields) {
            Column c = functions.col("`" + f.name().replace("`", "``") + "`");
            aggregates.add(functions.count(c));
            aggregates.add(functions.approx_count_distinct(c));
            boolean orderable = orderable(f.dataType());
            aggregates.add(orderable ? functions.min(c).cast("string") : functions.lit(null).cast("string"));
            aggregates.add(orderable ? functions.max(c).cast("string") : functions.lit(null).cast("string"));
            boolean numeric = f.dataType() instanceof NumericType;
            aggregates.add(numeric ? functions.avg(c) : functions.lit(null).cast("double"));
            aggregates.add(numeric ? functions.stddev(c) : functions.lit(null).cast("double"));
        }
        Row stats = data.agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new)).head();
        long total = stats.getLong(0);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < fields.length; i++) {
            int at = 1 + i * 6;
            long nonNull = stats.getLong(at);
            rows.add(Arrays.asList(fields[i].name(), fields[i].dataType().simpleString(), nonNull, total - nonNull,
                    stats.getLong(at + 1), stats.get(at + 2), stats.get(at + 3), stats.get(at + 4), stats.get(at + 5)));
        }
        return show(List.of(text("column"), text("type"), number("non_null", "bigint"), number("nulls", "bigint"),
                number("distinct_approx", "bigint"), text("min"), text("max"), number("mean", "double"),
                number("stddev", "double")), rows);
    }

    private static boolean orderable(DataType type) {
        return type instanceof NumericType || type instanceof StringType || type instanceof DateType
                || type instanceof TimestampType || type instanceof TimestampNTZType || type instanceof BooleanType
                || type instanceof BinaryType;
    }

    private static void requireTable(SparkSession spark, String table) {
        if (!spark.catalog().tableExists(table)) {
            throw new MagicException("No table or view '" + table + "'. " + TableNames.suggestion(spark, table));
        }
    }

    private static DisplayData show(List<ColumnHeader> columns, List<List<Object>> rows) {
        return TableFormat.HTML.display(new TablePreview(columns, rows, false, OptionalLong.of(rows.size())));
    }

    private static ColumnHeader text(String name) {
        return new ColumnHeader(name, "string", false);
    }

    private static ColumnHeader number(String name, String type) {
        return new ColumnHeader(name, type, true);
    }
}
