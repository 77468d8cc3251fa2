package dev.lakehouse.magics.sql;

import dev.lakehouse.magics.plot.ChartKind;
import dev.lakehouse.magics.render.TableFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The options of {@code %sql} / {@code %%sql}; picocli fills them from the magic's line. */
@Command(name = "%%sql", customSynopsis = {
        "%%%%sql [NAME <<] [OPTIONS]   (SQL in the cell body)",
        "%%sql  [NAME <<] [OPTIONS] SQL"},
        description = {"Runs Spark SQL over Delta Lake and shows the result as a typed table.",
                "",
                ":name markers are bound safely (as data, never spliced into the SQL) from -p name=value or",
                "from the notebook's Java variable of the same name. The last result is also bound to _sql.",
                ""},
        footer = {"", "Examples:",
                "  %%%%sql top << --limit 5          then the query; binds the result to Dataset<Row> top",
                "  %%sql -p city=Paris SELECT * FROM people WHERE city = :city",
                "  %%%%sql --save big                save a query, reuse it with --with big as a CTE",
                "  %%%%sql --plot bar -x city -y n   draw the result as a Vega-Lite chart",
                "  %%%%sql --as-of 3 --table orders  read orders as of version 3",
                "Default rows shown: %%config sql.limit=N (20)."})
public final class SqlOptions {
    public enum ExplainMode { SIMPLE, EXTENDED, FORMATTED, COST, CODEGEN }

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(names = {"-o", "--out"}, paramLabel = "NAME", description = "Bind the result to a Java variable (Dataset<Row>).")
    String out;

    @Option(names = "--view", paramLabel = "NAME", description = "Also register the result as a temporary view.")
    String view;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE",
            description = "Value for :NAME (repeatable). Numbers and true/false are typed; quote to keep text: -p \"code='007'\".")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--limit", paramLabel = "N", description = "Rows to show (default: %%config sql.limit, 20).")
    Integer limit;

    @Option(names = "--count", description = "Count all rows exactly (runs a count job) and say so.")
    boolean count;

    @Option(names = "--schema", description = "Show the result's columns and types instead of rows (runs nothing).")
    boolean schema;

    @Option(names = "--explain", arity = "0..1", fallbackValue = "SIMPLE", paramLabel = "MODE",
            description = "Show the plan instead of running: simple, extended, formatted, cost or codegen.")
    ExplainMode explain;

    @Option(names = "--format", paramLabel = "FORMAT", description = "html (default), text, json, csv or markdown.")
    TableFormat format;

    @Option(names = "--multi", description = "Run several ;-separated statements, showing each result.")
    boolean multi;

    @Option(names = {"-q", "--quiet"}, description = "Run but show nothing.")
    boolean quiet;

    @Option(names = {"-S", "--save"}, paramLabel = "NAME", description = "Save this query as a snippet for --with.")
    String save;

    @Option(names = "--no-execute", description = "With --save: only save, do not run.")
    boolean noExecute;

    @Option(names = {"-w", "--with"}, paramLabel = "NAME", description = "Prepend a saved snippet as a CTE (repeatable).")
    List<String> with = new ArrayList<>();

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Read the SQL from a file (relative to the notebook).")
    Path file;

    @Option(names = "--plot", paramLabel = "KIND", description = "Chart the result: bar, line, scatter, area or hist.")
    ChartKind plot;

    @Option(names = "-x", paramLabel = "COL", description = "Column for the chart's x axis.")
    String x;

    @Option(names = "-y", paramLabel = "COL", description = "Column for the chart's y axis.")
    String y;

    @Option(names = "--color", paramLabel = "COL", description = "Column that colours the chart's marks.")
    String color;

    @Option(names = "--as-of", paramLabel = "WHEN",
            description = "Read --table as it was at a Delta version (12) or time ('2026-01-31 12:00'); other tables stay current.")
    String asOf;

    @Option(names = "--table", paramLabel = "TABLE", description = "The table --as-of applies to (a name or a path).")
    String table;

    @Option(names = "--local", paramLabel = "NAME",
            description = "Collect the result (up to --limit, else %%config sql.local_limit=100000 rows) into a Tablesaw Table variable.")
    String local;
}
