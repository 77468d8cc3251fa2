package dev.lakehouse.magics.vector;

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
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code %vector index|sync|search|eval|list|info|drop}: vector and hybrid search over Delta
 * tables, with indexes that know which table version they reflect. See docs/VECTOR-SEARCH.md.
 */
public final class VectorMagic implements Magic {
    private final VectorIndexes indexes;
    private MagicCommandLine commandLine;

    /** Indexes under {@code $LAKEHOUSE_HOME/vector-indexes} (default {@code ~/.lakehouse/vector-indexes}). */
    public VectorMagic() {
        this(VectorIndexes.inDataDirectory());
    }

    public VectorMagic(VectorIndexes indexes) {
        this.indexes = indexes;
    }

    @Command(name = "%vector", description = "Vector, full-text and hybrid search over Delta tables.",
            subcommands = {IndexCommand.class, SyncCommand.class, SearchCommand.class, EvalCommand.class,
                    ListCommand.class, InfoCommand.class, DropCommand.class},
            footer = {"", "Run %%vector COMMAND --help for a command's options. SQL: SELECT * FROM"
                    + " vector_search('index', 'query text', k[, 'filter'[, 'mode']])"})
    static final class Root {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
    }

    static final class Source {
        @Option(names = "--vector-col", paramLabel = "COL", required = true,
                description = "An array<float> or array<double> column holding the vectors.")
        String vectorColumn;
        @Option(names = "--text-col", paramLabel = "COL", required = true,
                description = "A string column to embed (and index for BM25 full-text search).")
        String textColumn;
    }

    @Command(name = "index", description = {"Build an index over a Delta table (replacing one of the same name).",
            "It records the table version it reflects; %%vector sync brings it up to date later."},
            footer = {"", "Examples:",
                    "  %%vector index docs --table docs --text-col body --id doc_id --columns title,category",
                    "  %%vector index items --table items --vector-col embedding --id item_id --metric l2"})
    static final class IndexCommand {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
        @Parameters(index = "0", paramLabel = "NAME", description = "Index name (letters, digits, _).")
        String name;
        @Option(names = "--table", paramLabel = "T", required = true, description = "Delta table name or path.")
        String table;
        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;
        @Option(names = "--embed", paramLabel = "MODEL", description = "Embedding model for --text-col: minilm"
                + " (all-MiniLM-L6-v2, 384-d, bundled; the default).")
        String embed;
        @Option(names = "--id", paramLabel = "COL", required = true, description = "Column identifying each row (string or integer).")
        String id;
        @Option(names = "--columns", paramLabel = "a,b", split = ",",
                description = "Columns to store and return with hits (default: all but the vector column).")
        List<String> columns;
        @Option(names = "--metric", paramLabel = "M", defaultValue = "cosine",
                description = "cosine (default), dot or l2.")
        String metric;
        @Option(names = "--m", paramLabel = "M", defaultValue = "16", description = "HNSW links per node (default 16).")
        int m;
        @Option(names = "--ef-construction", paramLabel = "E", defaultValue = "100",
                description = "HNSW candidates while building (default 100).")
        int efConstruction;
    }

    @Command(name = "sync", description = {"Apply the table's new versions to the index: the change data feed when"
            + " enabled, else a per-row hash diff against the latest snapshot."})
    static final class SyncCommand {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
        @Parameters(index = "0", paramLabel = "NAME", description = "Index name.")
        String name;
        @Option(names = "--full", description = "Rebuild from the latest version instead.")
        boolean full;
    }

    static final class QueryInput {
        @Option(names = "--text", paramLabel = "\"...\"", required = true, description = "Query text.")
        String text;
        @Option(names = "--vector", paramLabel = "VAR", required = true,
                description = "A notebook variable: float[], double[] or List<Number>.")
        String vector;
    }

    @Command(name = "search", description = "Search an index; shows the hits as a table of _rank, _score and the stored columns (-o binds them as a Dataset).",
            footer = {"", "Modes: ann (HNSW, default), exact (every vector), fulltext (BM25), hybrid (reciprocal rank",
                    "fusion of ann and BM25). --filter is a Spark SQL predicate over the table's columns.",
                    "Example: %%vector search docs --text \"delta time travel\" -k 5 --filter \"category = 'howto'\" -o hits"})
    static final class SearchCommand {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
        @Parameters(index = "0", paramLabel = "NAME", description = "Index name.")
        String name;
        @ArgGroup(exclusive = true, multiplicity = "1")
        QueryInput query;
        @Option(names = "-k", paramLabel = "K", defaultValue = "10", description = "Hits to return (default 10).")
        int k;
        @Option(names = "--filter", paramLabel = "PREDICATE", description = "SQL predicate rows must satisfy.")
        String filter;
        @Option(names = "--mode", paramLabel = "MODE", defaultValue = "ann", description = "ann, exact, hybrid or fulltext.")
        String mode;
        @Option(names = "--ef", paramLabel = "N", defaultValue = "100",
                description = "HNSW candidates per segment; higher is slower and more exact (default 100).")
        int ef;
        @Option(names = "-o", paramLabel = "NAME", description = "Also bind the result as a Dataset<Row> variable.")
        String output;
    }

    @Command(name = "eval", description = "Recall@k of HNSW against exact search, and queries per second, for each ef.")
    static final class EvalCommand {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
        @Parameters(index = "0", paramLabel = "NAME", description = "Index name.")
        String name;
        @Option(names = "--queries", paramLabel = "N", defaultValue = "100",
                description = "Queries, sampled from the index's own vectors (default 100).")
        int queries;
        @Option(names = "-k", paramLabel = "K", defaultValue = "10", description = "k of recall@k (default 10).")
        int k;
        @Option(names = "--ef", paramLabel = "LIST", split = ",", defaultValue = "10,50,100,400",
                description = "ef values to measure (default 10,50,100,400).")
        List<Integer> efs;
        @Option(names = "--filter", paramLabel = "PREDICATE", description = "Measure filtered search instead.")
        String filter;
        @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed for sampling queries.")
        long seed;
        @Option(names = "-o", paramLabel = "NAME", description = "Also bind the measurements as a Dataset<Row>.")
        String output;
    }

    @Command(name = "list", description = "The indexes, their tables and how current they are.")
    static final class ListCommand {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
    }

    @Command(name = "info", description = "Everything about one index.")
    static final class InfoCommand {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
        @Parameters(index = "0", paramLabel = "NAME", description = "Index name.")
        String name;
    }

    @Command(name = "drop", description = "Delete an index (the table is not touched).")
    static final class DropCommand {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
        @Parameters(index = "0", paramLabel = "NAME", description = "Index name.")
        String name;
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public MagicKind kind() {
        return MagicKind.LINE;
    }

    @Override
    public String summary() {
        return "Vector/hybrid search over Delta tables: %vector index|sync|search|eval|list|info|drop";
    }

    /** Each subcommand has its own --help (picocli); the kernel must not answer with the whole help. */
    @Override
    public boolean answersHelpItself() {
        return true;
    }

    @Override
    public String help() {
        return new MagicCommandLine(new Root()).usage();
    }

    /**
     * Built once per magic: picocli's reflection costs more than a search. Reuse is safe because
     * picocli resets every option before a parse and the kernel runs one cell at a time.
     */
    private synchronized MagicCommandLine commandLine() {
        if (commandLine == null) {
            commandLine = new MagicCommandLine(new Root());
        }
        return commandLine;
    }

    @Override
    public synchronized Object run(MagicInvocation invocation, MagicContext context) {
        if (invocation.argv().isEmpty()) {
            return DisplayData.text(help());
        }
        MagicCommandLine.Parsed parsed = commandLine().parse(invocation.argv());
        if (parsed.help().isPresent()) {
            return DisplayData.text(parsed.help().get());
        }
        Object command = parsed.leafCommand();
        if (command instanceof Root) {
            return DisplayData.text(help());
        }
        SparkSession spark = context.spark();
        VectorSql.register(spark, indexes);
        try {
            if (command instanceof IndexCommand c) {
                return index(spark, c);
            } else if (command instanceof SyncCommand c) {
                return sync(spark, c);
            } else if (command instanceof SearchCommand c) {
                return search(spark, context, c);
            } else if (command instanceof EvalCommand c) {
                return eval(spark, context, c);
            } else if (command instanceof ListCommand) {
                return list(spark);
            } else if (command instanceof InfoCommand c) {
                return info(spark, c.name);
            } else if (command instanceof DropCommand c) {
                return drop(c.name);
            }
            return DisplayData.text(help());
        } catch (Exception e) { // Spark's AnalysisException is checked in Java's eyes, and undeclared
            throw VectorErrors.explain(e, spark);
        }
    }

    private DisplayData index(SparkSession spark, IndexCommand c) {
        IndexBuilder.Outcome outcome = IndexBuilder.build(spark, indexes, new IndexBuilder.Request(c.name, c.table, c.id,
                c.source.vectorColumn, c.source.textColumn, c.embed, c.columns, metric(c.metric), c.m, c.efConstruction));
        IndexManifest m = outcome.manifest();
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Indexed %,d rows of %s (version %d) as '%s' in %.1f s: %d-d %s HNSW (m=%d, ef_construction=%d)",
                outcome.indexed(), m.table(), outcome.tableVersion(), m.name(), outcome.seconds(), m.dimension(),
                m.metric().name().toLowerCase(Locale.ROOT), m.m(), m.efConstruction()));
        if (m.isTextIndex()) {
            text.append(String.format(Locale.ROOT, ", text embedded with %s at %,.0f rows/s and indexed for BM25",
                    Embeddings.MODEL, outcome.embeddingsPerSecond()));
        }
        text.append('.');
        if (outcome.skipped() > 0) {
            text.append(String.format(Locale.ROOT, "%nSkipped %,d rows with no %s (null%s) or a null id.",
                    outcome.skipped(), m.isTextIndex() ? "text" : "vector", m.isTextIndex() ? " or blank" : ""));
        }
        return DisplayData.text(text.toString());
    }

    private DisplayData sync(SparkSession spark, SyncCommand c) {
        IndexSync.Outcome o = IndexSync.sync(spark, indexes, c.name, c.full);
        String text = switch (o.method()) {
            case UP_TO_DATE -> String.format(Locale.ROOT, "'%s' is up to date with version %d.", c.name, o.fromVersion());
            case FULL_REBUILD -> String.format(Locale.ROOT, "Rebuilt '%s' from version %d: %,d rows in %.1f s.",
                    c.name, o.toVersion(), o.upserted(), o.seconds());
            case CHANGE_DATA_FEED, SNAPSHOT_DIFF -> String.format(Locale.ROOT,
                    "Synced '%s' from version %d to %d using the %s: %,d rows added or updated, %,d deleted, in %.1f s.",
                    c.name, o.fromVersion(), o.toVersion(),
                    o.method() == IndexSync.Method.CHANGE_DATA_FEED ? "change data feed" : "snapshot diff",
                    o.upserted(), o.deleted(), o.seconds());
        };
        return DisplayData.text(o.note() == null ? text : text + "\nNote: " + o.note() + ".");
    }

    /** Renders the hits straight from their rows: a Spark plan and collect would cost more than the search. */
    private DisplayData search(SparkSession spark, MagicContext context, SearchCommand c) {
        float[] vector = c.query.vector == null ? null : QueryVectors.fromVariable(context, c.query.vector);
        VectorSearch.Result result = VectorSearch.search(spark, indexes, c.name, new VectorSearch.Request(
                c.query.text, vector, c.k, c.filter, VectorSearch.Mode.parse(c.mode), c.ef));
        if (result.warning() != null) {
            context.err().println("Warning: " + result.warning());
        }
        if (c.output != null) {
            context.defineVariable(c.output, "Dataset<Row>", VectorSearch.toDataset(spark, result));
        }
        return TableFormat.HTML.display(VectorSearch.preview(result));
    }

    private DisplayData eval(SparkSession spark, MagicContext context, EvalCommand c) {
        VectorIndexes.OpenIndex index = indexes.open(c.name);
        Optional<IdFilter> filter = Optional.empty();
        if (c.filter != null) {
            filter = Optional.of(SearchFilter.resolve(spark, index.manifest(), index.lucene().tableVersion(), c.filter));
        }
        VectorEval.Report report = VectorEval.evaluate(c.name, index.lucene(), c.queries, c.k, c.efs, filter,
                c.filter, c.seed);
        TablePreview table = VectorEval.table(report);
        context.display(TableFormat.HTML.display(table));
        if (c.output != null) {
            StructType schema = new StructType().add("search", DataTypes.StringType).add("ef", DataTypes.IntegerType)
                    .add("recall", DataTypes.DoubleType).add("qps", DataTypes.DoubleType).add("p50_ms", DataTypes.DoubleType);
            List<Row> rows = report.lines().stream().map(l -> RowFactory.create(l.search(), l.ef() == 0 ? null : l.ef(),
                    l.recall(), l.queriesPerSecond(), l.p50Millis())).toList();
            context.defineVariable(c.output, "Dataset<Row>", spark.createDataFrame(rows, schema));
        }
        return VectorEval.chart(report);
    }

    private DisplayData list(SparkSession spark) {
        List<ColumnHeader> columns = List.of(new ColumnHeader("index", "string", false),
                new ColumnHeader("table", "string", false), new ColumnHeader("source", "string", false),
                new ColumnHeader("rows", "int", true), new ColumnHeader("indexed version", "bigint", true),
                new ColumnHeader("table version", "bigint", true), new ColumnHeader("status", "string", false));
        List<List<Object>> rows = new ArrayList<>();
        for (String name : indexes.names()) {
            VectorIndexes.OpenIndex index = indexes.open(name);
            IndexManifest m = index.manifest();
            long indexed = index.lucene().tableVersion();
            Long latest = latestVersionOrNull(spark, m);
            rows.add(Arrays.asList(name, m.table(), describeSource(m), index.lucene().size(), indexed, latest,
                    status(indexed, latest)));
        }
        if (rows.isEmpty()) {
            return DisplayData.text("No vector indexes in " + indexes.root()
                    + ". Create one with %vector index NAME --table T (--text-col C | --vector-col C) --id COL.");
        }
        return TableFormat.HTML.display(new TablePreview(columns, rows, false, OptionalLong.of(rows.size())));
    }

    private DisplayData info(SparkSession spark, String name) {
        VectorIndexes.OpenIndex index = indexes.open(name);
        IndexManifest m = index.manifest();
        long indexed = index.lucene().tableVersion();
        Long latest = latestVersionOrNull(spark, m);
        List<List<Object>> rows = new ArrayList<>();
        rows.add(Arrays.asList("table", m.table()));
        rows.add(Arrays.asList("table location", m.location()));
        rows.add(Arrays.asList("source", describeSource(m)));
        rows.add(Arrays.asList("id column", m.idColumn()));
        rows.add(Arrays.asList("stored columns", String.join(", ", m.storedColumns())));
        rows.add(Arrays.asList("vectors", m.dimension() + "-d, " + m.metric().name().toLowerCase(Locale.ROOT)));
        rows.add(Arrays.asList("HNSW", "m=" + m.m() + ", ef_construction=" + m.efConstruction()
                + ", default search ef=" + VectorSearch.DEFAULT_EF));
        rows.add(Arrays.asList("full text", m.isTextIndex() ? "BM25 on " + m.textColumn() + " (English analyzer)" : "none"));
        rows.add(Arrays.asList("rows", String.valueOf(index.lucene().size())));
        rows.add(Arrays.asList("segments", String.valueOf(index.lucene().segmentCount())));
        rows.add(Arrays.asList("indexed table version", String.valueOf(indexed)));
        rows.add(Arrays.asList("latest table version", latest == null ? "unknown (table unreachable)" : String.valueOf(latest)));
        rows.add(Arrays.asList("status", status(indexed, latest)));
        rows.add(Arrays.asList("built", m.createdAt()));
        rows.add(Arrays.asList("directory", indexes.root().resolve(name).toString()));
        rows.add(Arrays.asList("size on disk", String.format(Locale.ROOT, "%.1f MB", indexes.sizeOnDisk(name) / 1e6)));
        List<ColumnHeader> columns = List.of(new ColumnHeader("property", "string", false),
                new ColumnHeader("value", "string", false));
        return TableFormat.HTML.display(new TablePreview(columns, rows, false, OptionalLong.of(rows.size())));
    }

    private DisplayData drop(String name) {
        IndexManifest m = indexes.manifest(name);
        indexes.drop(name);
        return DisplayData.text("Dropped index '" + name + "' (the table " + m.table() + " is unchanged).");
    }

    private static String describeSource(IndexManifest m) {
        return m.isTextIndex() ? "text " + m.textColumn() + " (" + m.embedModel() + ")" : "vectors " + m.vectorColumn();
    }

    private static Long latestVersionOrNull(SparkSession spark, IndexManifest m) {
        try {
            return new DeltaSource(m.table(), m.location()).latestVersion(spark);
        } catch (MagicException gone) {
            return null;
        }
    }

    private static String status(long indexed, Long latest) {
        if (latest == null) {
            return "table missing";
        }
        return latest > indexed ? (latest - indexed) + " version(s) behind: run %vector sync" : "up to date";
    }

    private static VectorMetric metric(String name) {
        try {
            return VectorMetric.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MagicException("Unknown --metric '" + name + "'. Use cosine, dot or l2.");
        }
    }
}
