package dev.lakehouse.magics.mlflow;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.api.Magic;
import dev.lakehouse.magics.api.MagicContext;
import dev.lakehouse.magics.api.MagicException;
import dev.lakehouse.magics.api.MagicInvocation;
import dev.lakehouse.magics.api.MagicKind;
import dev.lakehouse.magics.api.Suggestions;
import dev.lakehouse.magics.cli.MagicCommandLine;
import dev.lakehouse.magics.render.Html;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code %mlflow}: tracking runs, metrics and Spark ML models against an MLflow tracking server.
 * State is shared with the {@link Mlflow} Java API through {@link MlflowSession#global()}.
 */
public final class MlflowMagic implements Magic {
    static final String CELL_ARTIFACT = "cell.java";
    static final String CELL_SHA256 = "lakehouse.cell.sha256";

    @Command(name = "%mlflow", description = "Track runs, metrics and Spark ML models with MLflow.",
            subcommands = {Connect.class, ExperimentCommand.class, RunCommand.class, Log.class, Flush.class, Runs.class,
                    LogModel.class, LoadModel.class, Reproduce.class, Status.class},
            footer = {"", "Cell form: %%%%mlflow run [--name N] [--tag k=v]... wraps the cell body in a run"
                    + " (ended FAILED if the body throws).", "Java API: dev.lakehouse.magics.mlflow.Mlflow"
                    + " (Mlflow.logMetric(\"rmse\", 0.3), logParam, setTag, startRun, endRun, logModel, loadModel)."})
    static final class Root {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
    }

    @Command(name = "connect", description = "Use the tracking server at URI (default: $MLFLOW_TRACKING_URI, else "
            + TrackingUri.EMBEDDED_DEFAULT + ") and check that it answers.")
    static final class Connect {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
        @Parameters(index = "0", arity = "0..1", paramLabel = "URI", description = "http(s)://HOST:PORT of `mlflow server`.")
        String uri;
        @Option(names = "--retry-seconds", paramLabel = "S", description = "How long calls retry an unreachable server (default 30).")
        Integer retrySeconds;
    }

    @Command(name = "experiment", description = "Show the current experiment, or switch to NAME.")
    static final class ExperimentCommand {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
        @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Experiment name.")
        String name;
        @Option(names = "--create", description = "Create the experiment if it does not exist.")
        boolean create;
    }

    enum RunAction { start, end }

    @Command(name = "run", description = "Start or end a run. As a cell magic (%%%%mlflow run), wraps the cell body in a run.")
    static final class RunCommand {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
        @Parameters(index = "0", arity = "0..1", paramLabel = "start|end", description = "start or end (omit in %%%%mlflow run).")
        RunAction action;
        @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "Run name (start).")
        String name;
        @Option(names = {"-t", "--tag"}, paramLabel = "KEY=VALUE", description = "Tag for the new run (repeatable).")
        List<String> tags = new ArrayList<>();
        @Option(names = {"-s", "--status"}, paramLabel = "STATUS", defaultValue = "FINISHED",
                description = "How the run ends: FINISHED (default), FAILED or KILLED (end).")
        RunStatus status;
    }

    enum LogKind { param, metric, tag }

    @Command(name = "log", description = "Log params, metrics or tags to the active run in one request.")
    static final class Log {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
        @Parameters(index = "0", paramLabel = "param|metric|tag", description = "What to log.")
        LogKind kind;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY=VALUE", description = "Values to log.")
        List<String> values;
        @Option(names = "--step", paramLabel = "N", defaultValue = "0", description = "Metric step (default 0).")
        long step;
    }

    @Command(name = "flush", description = "Wait until every logged metric has reached the server.")
    static final class Flush {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
    }

    @Command(name = "runs", description = "Runs of the current experiment as a table, newest first.")
    static final class Runs {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
        @Option(names = {"-f", "--filter"}, paramLabel = "EXPR", description = "MLflow filter, e.g. \"metrics.rmse < 1 and params.maxIter = '20'\".")
        String filter;
        @Option(names = "--order-by", paramLabel = "EXPR", description = "Sort, e.g. \"metrics.rmse ASC\" (repeatable; default: start_time DESC).")
        List<String> orderBy = new ArrayList<>();
        @Option(names = "-n", paramLabel = "N", defaultValue = "20", description = "Most runs to show (default 20).")
        int max;
        @Option(names = {"-e", "--experiment"}, paramLabel = "NAME", description = "Another experiment than the current one.")
        String experiment;
    }

    @Command(name = "log-model", description = "Log a fitted Spark ML model (PipelineModel or Model) in MLflow's format to the active run.")
    static final class LogModel {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
        @Parameters(index = "0", paramLabel = "VAR", description = "Notebook variable holding the model.")
        String variable;
        @Option(names = "--name", paramLabel = "PATH", defaultValue = "model", description = "Artifact path in the run (default: model).")
        String name;
        @Option(names = "--register", paramLabel = "NAME", description = "Also register it in the model registry as NAME.")
        String register;
        @Option(names = "--alias", paramLabel = "ALIAS", description = "Point ALIAS (e.g. champion) at the new version (needs --register).")
        String alias;
        @Option(names = "--input-example", paramLabel = "DF", description = "Dataset<Row> variable: a few rows become the input example and signature.")
        String inputExample;
    }

    @Command(name = "load-model", description = "Load a Spark ML model from MLflow into a notebook variable.")
    static final class LoadModel {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
        @Parameters(index = "0", paramLabel = "URI", description = "runs:/RUN_ID/PATH, models:/NAME/VERSION or models:/NAME@ALIAS.")
        String uri;
        @Option(names = {"-o", "--output"}, required = true, paramLabel = "VAR", description = "Variable to bind the PipelineModel to.")
        String output;
    }

    @Command(name = "reproduce", description = "Register the Delta table versions RUN_ID read as temp views (named after the tables).")
    static final class Reproduce {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
        @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run whose inputs to bring back.")
        String runId;
        @Option(names = "--prefix", paramLabel = "P", description = "Prefix view names, e.g. repro_ (default: none, so views shadow the tables).")
        String prefix;
    }

    @Command(name = "status", description = "Server, experiment, active run and metrics waiting to be sent.")
    static final class Status {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
    }

    private final MlflowSession session;

    public MlflowMagic() {
        this(MlflowSession.global());
    }

    MlflowMagic(MlflowSession session) {
        this.session = session;
    }

    @Override
    public String name() {
        return "mlflow";
    }

    @Override
    public MagicKind kind() {
        return MagicKind.LINE_AND_CELL;
    }

    @Override
    public String summary() {
        return "MLflow tracking: %mlflow connect|experiment|run|log|runs|log-model|load-model|reproduce; %%mlflow run wraps a cell";
    }

    /** Each subcommand has its own --help (picocli); the kernel must not answer with the whole help. */
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
        MagicCommandLine cli = new MagicCommandLine(new Root());
        requireKnownCommand(cli, invocation.argv());
        MagicCommandLine.Parsed parsed = cli.parse(invocation.argv());
        if (parsed.help().isPresent()) {
            return DisplayData.text(parsed.help().get());
        }
        session.setNotes(context.out());
        session.setNotebookPath(context.notebookPath().orElse(null));
        if (context.sparkStarted()) {
            session.listenForDeltaReads();
        }
        Object command = parsed.leafCommand();
        if (invocation.isCell() && !(command instanceof RunCommand)) {
            throw new MagicException("Only `run` is a cell magic: %%mlflow run [--name N] on the first line, then the"
                    + " code. For the others use one %, e.g. %mlflow runs.");
        }
        if (command instanceof Connect c) return connect(c);
        if (command instanceof ExperimentCommand e) return experiment(e);
        if (command instanceof RunCommand r) return invocation.isCell() ? runCell(r, invocation.body(), context) : run(r);
        if (command instanceof Log l) return log(l);
        if (command instanceof Flush) return flush();
        if (command instanceof Runs r) return runs(r);
        if (command instanceof LogModel m) return logModel(m, context);
        if (command instanceof LoadModel m) return loadModel(m, context);
        if (command instanceof Reproduce r) return reproduce(r, context);
        return status();
    }

    private static void requireKnownCommand(MagicCommandLine cli, List<String> argv) {
        if (argv.isEmpty() || argv.get(0).startsWith("-") || cli.commandLine().getSubcommands().containsKey(argv.get(0))) {
            return;
        }
        List<String> close = Suggestions.closest(argv.get(0), cli.commandLine().getSubcommands().keySet(), 3);
        throw new MagicException("Unknown %mlflow command '" + argv.get(0) + "'."
                + (close.isEmpty() ? "" : " Did you mean " + String.join(", ", close) + "?")
                + " Commands: " + String.join(", ", cli.commandLine().getSubcommands().keySet()) + ".");
    }

    private DisplayData connect(Connect c) {
        String version = session.connect(c.uri);
        if (c.retrySeconds != null) {
            session.setRetryBudget(java.time.Duration.ofSeconds(c.retrySeconds));
        }
        return DisplayData.text("Connected to MLflow " + version + " at " + session.uri() + ".");
    }

    private DisplayData experiment(ExperimentCommand e) {
        if (e.name == null) {
            Experiment current = session.experiment();
            return DisplayData.text("Experiment '" + current.name() + "' (id " + current.id() + ") on " + session.uri() + ".");
        }
        Experiment chosen = session.setExperiment(e.name, e.create);
        return DisplayData.text("Experiment '" + chosen.name() + "' (id " + chosen.id() + "): new runs go here.");
    }

    private DisplayData run(RunCommand r) {
        if (r.action == null) {
            throw new MagicException("Say what to do: %mlflow run start [--name NAME] [--tag k=v] or %mlflow run end"
                    + " [--status FAILED]; or wrap a cell with %%mlflow run.");
        }
        if (r.action == RunAction.start) {
            Run run = session.startRun(r.name, keyValues(r.tags, "--tag"));
            return runLink("Started run", run);
        }
        if (r.name != null || !r.tags.isEmpty()) {
            throw new MagicException("--name and --tag apply to `run start`; to tag the active run use %mlflow log tag k=v.");
        }
        Run ended = session.endRun(r.status);
        return runLink("Ended run (" + ended.status() + ")", ended);
    }

    /** {@code %%mlflow run}: the body runs inside a new run, which ends FAILED if the body throws. */
    private Object runCell(RunCommand r, String body, MagicContext context) {
        if (r.action != null) {
            throw new MagicException("%%mlflow run takes no start/end: the run lasts as long as the cell.");
        }
        Run run = session.startRun(r.name, keyValues(r.tags, "--tag"));
        session.cellBodyRun(body);
        Object value;
        try {
            session.artifacts().uploadBytes(run.artifactUri(), CELL_ARTIFACT, body.getBytes(StandardCharsets.UTF_8));
            session.setTags(Map.of(CELL_SHA256, CellSources.sha256(body)));
            value = context.runCell(body);
        } catch (UnsupportedOperationException e) {
            session.abandonRun();
            throw new MagicException("This kernel cannot run a %%mlflow run cell body yet. Put %mlflow run start"
                    + " before the code and %mlflow run end after it instead.");
        } catch (RuntimeException | Error e) {
            try {
                session.endRun(RunStatus.FAILED);
                context.err().println("MLflow run " + run.id() + " ended FAILED.");
            } catch (RuntimeException endFailure) {
                e.addSuppressed(endFailure);
            }
            throw e;
        }
        Run ended = session.endRun(RunStatus.FINISHED);
        context.display(runLink("Run finished", ended));
        return value;
    }

    private DisplayData log(Log l) {
        Map<String, String> values = keyValues(l.values, l.kind.name());
        switch (l.kind) {
            case param -> session.logParams(values);
            case tag -> session.setTags(values);
            case metric -> {
                Map<String, Double> numbers = new LinkedHashMap<>();
                values.forEach((k, v) -> numbers.put(k, number(k, v)));
                session.logMetricsNow(numbers, l.step);
            }
        }
        Run run = session.activeRun().orElseThrow();
        return DisplayData.text("Logged " + values.size() + " " + l.kind + (values.size() == 1 ? "" : "s")
                + " to run " + run.id() + ".");
    }

    private DisplayData flush() {
        int pending = session.pendingMetrics();
        session.flush();
        return DisplayData.text(pending == 0 ? "Nothing to send." : "Delivered " + pending + " metric values.");
    }

    private DisplayData runs(Runs r) {
        if (r.max < 1) {
            throw new MagicException("-n must be at least 1.");
        }
        session.flush();
        List<String> orderBy = r.orderBy.isEmpty() ? List.of("attributes.start_time DESC") : r.orderBy;
        List<Run> runs = session.searchRuns(r.experiment, r.filter, orderBy, r.max + 1);
        boolean truncated = runs.size() > r.max;
        return RunsTable.of(truncated ? runs.subList(0, r.max) : runs, truncated);
    }

    private DisplayData logModel(LogModel m, MagicContext context) {
        Object model = context.variable(m.variable).orElseThrow(() -> new MagicException(
                "No variable '" + m.variable + "'. %mlflow log-model takes the name of a variable holding a fitted"
                        + " Spark ML model, e.g. PipelineModel model = pipeline.fit(train);"));
        Dataset<Row> example = m.inputExample == null ? null : dataset(context, m.inputExample);
        context.spark();
        SparkModels.LoggedModel logged = new SparkModels(session).log(model, m.variable, m.name, example, m.register, m.alias);
        StringBuilder text = new StringBuilder("Logged model " + logged.modelUri());
        if (logged.version() != null) {
            text.append("; registered '").append(logged.version().name()).append("' version ")
                    .append(logged.version().version());
            if (logged.alias() != null) {
                text.append(" with alias '").append(logged.alias()).append("' (").append(logged.registeredUri()).append(')');
            }
        }
        return DisplayData.text(text.append('.').toString());
    }

    @SuppressWarnings("unchecked")
    private static Dataset<Row> dataset(MagicContext context, String name) {
        Object value = context.variable(name).orElseThrow(() -> new MagicException(
                "No variable '" + name + "' for --input-example; pass a Dataset<Row> variable, e.g. train.limit(5)."));
        if (!(value instanceof Dataset<?>)) {
            throw new MagicException("--input-example '" + name + "' is a " + (value == null ? "null" : value.getClass().getSimpleName())
                    + "; it must be a Dataset<Row>.");
        }
        return (Dataset<Row>) value;
    }

    private DisplayData loadModel(LoadModel m, MagicContext context) {
        context.spark();
        SparkModels.LoadedModel loaded = new SparkModels(session).load(m.uri);
        context.defineVariable(m.output, "org.apache.spark.ml.PipelineModel", loaded.model());
        List<String> stages = new ArrayList<>();
        for (var stage : loaded.model().stages()) {
            stages.add(stage.getClass().getSimpleName());
        }
        return DisplayData.text("Loaded " + m.uri + (loaded.version() == null ? "" : " (version " + loaded.version() + ")")
                + " from run " + loaded.runId() + " into " + m.output + ": PipelineModel [" + String.join(", ", stages) + "].");
    }

    private DisplayData reproduce(Reproduce r, MagicContext context) {
        Run run = session.client().getRun(r.runId);
        List<LineageReplay.ReplayedView> views = LineageReplay.replay(run, context.spark(), r.prefix);
        StringBuilder text = new StringBuilder("Temp views of the Delta versions run " + run.id() + " read:\n");
        for (LineageReplay.ReplayedView v : views) {
            text.append("  ").append(v.view()).append(" = ").append(v.source().displayName()).append(" VERSION AS OF ")
                    .append(v.source().version()).append('\n');
        }
        return DisplayData.text(text.toString().stripTrailing());
    }

    private DisplayData status() {
        StringBuilder s = new StringBuilder("MLflow server: ").append(session.uri()).append('\n');
        s.append("Experiment: ").append(session.experiment().name()).append('\n');
        s.append("Active run: ").append(session.activeRun().map(r -> r.name() + " (" + r.id() + ")").orElse("none")).append('\n');
        s.append("Metrics waiting to be sent: ").append(session.pendingMetrics());
        session.backgroundFailure().ifPresent(e -> s.append("\nLast background delivery failed: ").append(e.getMessage()));
        return DisplayData.text(s.toString());
    }

    private DisplayData runLink(String what, Run run) {
        String link = session.runLink(run);
        String label = run.name() == null || run.name().isEmpty() ? run.id() : run.name();
        String text = what + " " + label + " (" + run.id() + "): " + link;
        String html = Html.escape(what) + " <a href=\"" + Html.escape(link) + "\" target=\"_blank\">" + Html.escape(label)
                + "</a> <code>" + Html.escape(run.id()) + "</code>";
        return DisplayData.html(html, text);
    }

    static Map<String, String> keyValues(List<String> pairs, String what) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new MagicException("Expected KEY=VALUE for " + what + ", got '" + pair + "'. Quote values with"
                        + " spaces: key=\"two words\".");
            }
            values.put(pair.substring(0, eq).strip(), pair.substring(eq + 1));
        }
        return values;
    }

    private static double number(String key, String value) {
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new MagicException("Metric '" + key + "' must be a number, got '" + value + "'. Log text as a tag:"
                    + " %mlflow log tag " + key + "=...");
        }
    }
}
