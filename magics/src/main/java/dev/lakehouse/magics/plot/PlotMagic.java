package dev.lakehouse.magics.plot;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.api.Magic;
import dev.lakehouse.magics.api.MagicContext;
import dev.lakehouse.magics.api.MagicException;
import dev.lakehouse.magics.api.MagicInvocation;
import dev.lakehouse.magics.api.MagicKind;
import dev.lakehouse.magics.cli.MagicCommandLine;
import dev.lakehouse.magics.render.DatasetRenderer;
import dev.lakehouse.magics.render.TablePreview;
import dev.lakehouse.magics.render.TablesawRenderer;
import dev.lakehouse.magics.sql.SqlConfig;
import org.apache.spark.sql.Dataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tech.tablesaw.api.Table;

/** {@code %plot VAR --kind bar -x COL -y COL [--color COL]}: a Vega-Lite chart of a Dataset or Tablesaw table. */
public final class PlotMagic implements Magic {
    @Command(name = "%plot", description = "Draws a Vega-Lite chart of a Dataset or Tablesaw Table variable.",
            footer = {"", "Example: %%plot sales --kind line -x month -y revenue --color region"})
    static final class Options {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
        @Parameters(index = "0", paramLabel = "VARIABLE", description = "A Dataset<Row> or tech.tablesaw.api.Table variable.")
        String variable;
        @Option(names = {"-k", "--kind"}, paramLabel = "KIND", defaultValue = "bar",
                description = "bar (default), line, scatter, area or hist.")
        ChartKind kind;
        @Option(names = "-x", paramLabel = "COL", required = true, description = "Column for the x axis.")
        String x;
        @Option(names = "-y", paramLabel = "COL", description = "Column for the y axis (not needed for hist).")
        String y;
        @Option(names = "--color", paramLabel = "COL", description = "Column that colours the marks.")
        String color;
        @Option(names = "--title", paramLabel = "TEXT", description = "Chart title.")
        String title;
        @Option(names = "--limit", paramLabel = "N", description = "Most rows to draw (default: %%config sql.plot_limit, 5000).")
        Integer limit;
    }

    @Override
    public String name() {
        return "plot";
    }

    @Override
    public MagicKind kind() {
        return MagicKind.LINE;
    }

    @Override
    public String summary() {
        return "Vega-Lite chart of a Dataset or Tablesaw table: %plot VAR --kind bar -x COL -y COL";
    }

    @Override
    public boolean answersHelpItself() {
        return true;
    }

    @Override
    public String help() {
        return new MagicCommandLine(new Options()).usage();
    }

    @Override
    public Object run(MagicInvocation invocation, MagicContext context) {
        Options options = new Options();
        MagicCommandLine.Parsed parsed = new MagicCommandLine(options).parse(invocation.argv());
        if (parsed.help().isPresent()) {
            return DisplayData.text(parsed.help().get());
        }
        int limit = options.limit != null ? options.limit : SqlConfig.plotLimit(context.config());
        Object value = context.variable(options.variable).orElseThrow(() -> new MagicException(
                "No variable '" + options.variable + "'. %plot takes a Dataset<Row> or Tablesaw Table variable,"
                        + " e.g. one bound with %%sql -o NAME or --local NAME."));
        TablePreview data = preview(options.variable, value, limit);
        return VegaLiteCharts.display(options.kind, data, options.x, options.y, options.color, options.title);
    }

    static TablePreview preview(String name, Object value, int limit) {
        if (value instanceof Dataset<?> dataset) {
            return DatasetRenderer.preview(dataset, limit);
        }
        if (value instanceof Table table) {
            return TablesawRenderer.preview(table, limit);
        }
        throw new MagicException("'" + name + "' is a " + (value == null ? "null" : value.getClass().getSimpleName())
                + "; %plot draws a Dataset<Row> or a Tablesaw Table.");
    }
}
