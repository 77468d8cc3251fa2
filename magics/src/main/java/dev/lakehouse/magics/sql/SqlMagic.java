package dev.lakehouse.magics.sql;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.api.Magic;
import dev.lakehouse.magics.api.MagicContext;
import dev.lakehouse.magics.api.MagicException;
import dev.lakehouse.magics.api.MagicInvocation;
import dev.lakehouse.magics.api.MagicKind;
import dev.lakehouse.magics.cli.MagicCommandLine;
import dev.lakehouse.magics.delta.AsOfRewriter;
import dev.lakehouse.magics.delta.DeltaTables;
import dev.lakehouse.magics.plot.VegaLiteCharts;
import dev.lakehouse.magics.render.ColumnHeader;
import dev.lakehouse.magics.render.DatasetRenderer;
import dev.lakehouse.magics.render.TableFormat;
import dev.lakehouse.magics.render.TablePreview;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * {@code %sql} and {@code %%sql}: Spark SQL with safe parameters, result binding, snippets, several
 * output formats and charts. See {@link SqlOptions} for every option.
 */
public final class SqlMagic implements Magic {
    public static final String LAST_RESULT_VARIABLE = "_sql";
    /** Fully qualified, so binding a result never depends on what the notebook has imported. */
    public static final String DATASET_TYPE = "org.apache.spark.sql.Dataset<org.apache.spark.sql.Row>";
    public static final String TABLESAW_TYPE = "tech.tablesaw.api.Table";
    private static final Set<String> QUERY_KEYWORDS = Set.of("SELECT", "WITH", "FROM", "VALUES", "TABLE");

    private final SqlSnippets snippets = new SqlSnippets();

    @Override
    public String name() {
        return "sql";
    }

    @Override
    public MagicKind kind() {
        return MagicKind.LINE_AND_CELL;
    }

    @Override
    public String summary() {
        return "Spark SQL over Delta Lake: %%sql [NAME <<] [-o NAME] [-p k=v] [--limit N] [--plot KIND -x C -y C] ...";
    }

    @Override
    public boolean answersHelpItself() {
        return true;
    }

    @Override
    public String help() {
        return new MagicCommandLine(new SqlOptions()).usage();
    }

    public SqlSnippets snippets() {
        return snippets;
    }

    @Override
    public Object run(MagicInvocation invocation, MagicContext context) {
        SqlRequest request = SqlRequest.parse(invocation);
        if (request.help().isPresent()) {
            return DisplayData.text(request.help().get());
        }
        SqlOptions o = request.options();
        validate(o, request);
        String sql = sqlText(o, request, context);
        if (o.save != null) {
            snippets.save(o.save, sql, o.with);
            if (o.noExecute) {
                return DisplayData.text("Saved snippet " + o.save + "; use it with --with " + o.save + ".");
            }
        }
        List<SqlText.Statement> statements = SqlText.statements(sql);
        if (statements.isEmpty()) {
            throw new MagicException("No SQL to run. Write it after %sql, in the cell under %%sql, or pass -f FILE.");
        }
        if (statements.size() > 1 && !o.multi) {
            throw new MagicException("This holds " + statements.size() + " SQL statements; add --multi to run them"
                    + " one after another and show each result.");
        }
        if (!o.with.isEmpty() && statements.stream().noneMatch(s -> isQuery(s.sql()))) {
            throw new MagicException("--with adds snippets to a query (SELECT, WITH, FROM, VALUES); this is a "
                    + SqlText.firstKeyword(statements.get(0).sql()) + " statement.");
        }
        SparkSession spark = context.spark();
        DisplayData last = null;
        for (int i = 0; i < statements.size(); i++) {
            if (last != null && !o.quiet) {
                context.display(last);
            }
            boolean isLast = i == statements.size() - 1;
            last = runStatement(statements.get(i).sql(), o, request, context, spark, isLast);
        }
        return o.quiet ? null : last;
    }

    private DisplayData runStatement(String statement, SqlOptions o, SqlRequest request, MagicContext context,
                                     SparkSession spark, boolean isLast) {
        String composed = isQuery(statement) ? snippets.compose(o.with, statement) : SqlSnippets.stripTrailingSemicolon(statement);
        String sql = o.asOf == null ? composed : AsOfRewriter.rewrite(spark, composed, o.table, o.asOf);
        Map<String, Object> args = SqlParameters.bind(sql, o.params, context);
        try {
            if (o.explain != null) {
                String mode = o.explain == SqlOptions.ExplainMode.SIMPLE ? "" : o.explain.name() + " ";
                List<Row> plan = execute(spark, "EXPLAIN " + mode + sql, args).collectAsList();
                String text = plan.isEmpty() ? "" : plan.get(0).getString(0);
                return DisplayData.html("<pre>" + dev.lakehouse.magics.render.Html.escape(text) + "</pre>", text);
            }
            if (o.schema) {
                if (!isQuery(statement)) {
                    return DisplayData.text("A " + SqlText.firstKeyword(statement) + " statement has no result schema; --schema shows a query's columns without running it.");
                }
                return TableFormat.HTML.display(schemaTable(execute(spark, sql, args)));
            }
            Dataset<Row> result = execute(spark, sql, args);
            return present(spark, sql, result, o, request, context, isLast);
        } catch (MagicException e) {
            throw e;
        } catch (Exception e) { // Spark throws checked exceptions undeclared
            if (o.asOf != null) {
                Optional<MagicException> versionProblem = new DeltaTables(spark).explainTimeTravelFailure(e, o.table);
                if (versionProblem.isPresent()) {
                    throw versionProblem.get();
                }
            }
            throw SqlErrors.explain(e, sql, spark);
        }
    }

    private DisplayData present(SparkSession spark, String sql, Dataset<Row> result, SqlOptions o, SqlRequest request,
                                MagicContext context, boolean isLast) {
        if (CommandOutcome.isCommand(result)) {
            Optional<String> sentence = CommandOutcome.describe(spark, sql, result);
            if (sentence.isPresent()) {
                return DisplayData.text(sentence.get());
            }
        }
        bind(result, o, request, context, isLast);
        if (o.local != null && isLast) {
            int max = o.limit != null ? o.limit : SqlConfig.localLimit(context.config());
            LocalTables.Collected local = LocalTables.collect(result, o.local, max);
            context.defineVariable(o.local, TABLESAW_TYPE, local.table());
            if (local.truncated()) {
                context.out().println("Note: " + o.local + " holds the first " + max
                        + " rows only; raise --limit to collect more.");
            }
        }
        if (o.quiet) {
            return null;
        }
        if (o.plot != null) {
            TablePreview data = DatasetRenderer.preview(result, o.limit != null ? o.limit : SqlConfig.plotLimit(context.config()));
            return VegaLiteCharts.display(o.plot, data, o.x, o.y, o.color, null);
        }
        int limit = o.limit != null ? o.limit : SqlConfig.limit(context.config());
        TablePreview preview = DatasetRenderer.preview(result, limit);
        if (o.count) {
            preview = preview.withTotalRows(result.count());
        }
        TableFormat format = o.format != null ? o.format : TableFormat.parse(SqlConfig.format(context.config()));
        return format.display(preview);
    }

    private static void bind(Dataset<Row> result, SqlOptions o, SqlRequest request, MagicContext context, boolean isLast) {
        context.defineVariable(LAST_RESULT_VARIABLE, DATASET_TYPE, result);
        if (!isLast) {
            return;
        }
        if (o.out != null) {
            context.defineVariable(o.out, DATASET_TYPE, result);
        }
        if (request.captureName() != null) {
            context.defineVariable(request.captureName(), DATASET_TYPE, result);
        }
        if (o.view != null) {
            result.createOrReplaceTempView(o.view);
        }
    }

    private static Dataset<Row> execute(SparkSession spark, String sql, Map<String, Object> args) {
        return args.isEmpty() ? spark.sql(sql) : spark.sql(sql, args);
    }

    private static TablePreview schemaTable(Dataset<Row> result) {
        List<List<Object>> rows = new ArrayList<>();
        for (StructField f : result.schema().fields()) {
            rows.add(List.of(f.name(), f.dataType().simpleString(), f.nullable()));
        }
        return new TablePreview(List.of(new ColumnHeader("column", "string", false),
                new ColumnHeader("type", "string", false), new ColumnHeader("nullable", "boolean", false)),
                rows, false, OptionalLong.of(rows.size()));
    }

    static boolean isQuery(String statement) {
        String keyword = SqlText.firstKeyword(statement);
        if (keyword.isEmpty()) {
            return SqlText.stripComments(statement).strip().startsWith("(");
        }
        return QUERY_KEYWORDS.contains(keyword);
    }

    private static void validate(SqlOptions o, SqlRequest request) {
        if (o.noExecute && o.save == null) {
            throw new MagicException("--no-execute only makes sense with --save NAME.");
        }
        if (o.limit != null && o.limit < 0) {
            throw new MagicException("--limit must be 0 or more rows.");
        }
        if (o.plot == null && (o.x != null || o.y != null || o.color != null)) {
            throw new MagicException("-x, -y and --color belong to --plot KIND (bar, line, scatter, area, hist).");
        }
        if ((o.asOf == null) != (o.table == null)) {
            throw new MagicException("--as-of and --table go together: --as-of VERSION|TIMESTAMP --table T reads T as it was then.");
        }
        if (o.out != null && request.captureName() != null && !o.out.equals(request.captureName())) {
            throw new MagicException("Both '" + request.captureName() + " <<' and -o " + o.out + " name the result; use one.");
        }
        for (String name : new String[] {o.out, o.local}) {
            if (name != null && !name.matches("[A-Za-z_$][A-Za-z0-9_$]*")) {
                throw new MagicException("'" + name + "' is not a Java variable name.");
            }
        }
    }

    private static String sqlText(SqlOptions o, SqlRequest request, MagicContext context) {
        if (o.file == null) {
            return request.sql();
        }
        if (!request.sql().isBlank()) {
            throw new MagicException("Use either -f FILE or SQL text, not both.");
        }
        Path file = o.file.isAbsolute() ? o.file
                : context.notebookPath().map(p -> p.toAbsolutePath().getParent()).map(dir -> dir.resolve(o.file)).orElse(o.file);
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MagicException("Cannot read SQL file " + file + ": " + e.getMessage());
        }
    }
}
