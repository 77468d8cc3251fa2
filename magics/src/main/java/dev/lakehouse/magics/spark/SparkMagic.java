package dev.lakehouse.magics.spark;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.api.Magic;
import dev.lakehouse.magics.api.MagicContext;
import dev.lakehouse.magics.api.MagicException;
import dev.lakehouse.magics.api.MagicInvocation;
import dev.lakehouse.magics.api.MagicKind;
import dev.lakehouse.magics.cli.MagicCommandLine;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code %spark conf|status|start|stop}: look at and steer the kernel's one SparkSession. Before the
 * session starts, {@code conf} may change anything (master, memory, catalog); after, only settings
 * Spark accepts at runtime (SQL settings).
 */
public final class SparkMagic implements Magic {
    private final SparkSessionProvider provider;

    public SparkMagic(SparkSessionProvider provider) {
        this.provider = provider;
    }

    @Command(name = "%spark", description = "Look at and steer the notebook's SparkSession.",
            subcommands = {Conf.class, Status.class, Start.class, Stop.class})
    static final class Root {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
    }

    @Command(name = "conf", description = {"Set Spark settings (key=value ...), or show them (no argument, or a key).",
            "Before Spark starts any setting applies; afterwards only runtime (SQL) settings."})
    static final class Conf {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
        @Parameters(paramLabel = "key=value", arity = "0..*", description = "Settings to apply, or a key to show.")
        List<String> settings = new ArrayList<>();
    }

    @Command(name = "status", description = "Master, application id, version, executors and active jobs.")
    static final class Status {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
    }

    @Command(name = "start", description = "Start Spark now instead of on first use.")
    static final class Start {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
    }

    @Command(name = "stop", description = "Stop Spark; the next use starts a new session with the current settings.")
    static final class Stop {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
    }

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public MagicKind kind() {
        return MagicKind.LINE;
    }

    @Override
    public String summary() {
        return "Spark session: %spark conf key=value | status | start | stop";
    }

    @Override
    public boolean answersHelpItself() {
        return true;
    }

    @Override
    public String help() {
        MagicCommandLine cli = new MagicCommandLine(new Root());
        StringBuilder help = new StringBuilder(cli.usage());
        cli.commandLine().getSubcommands().forEach((name, sub) -> help.append('\n').append(sub.getUsageMessage()));
        return help.toString();
    }

    @Override
    public Object run(MagicInvocation invocation, MagicContext context) {
        if (invocation.argv().isEmpty()) {
            return status();
        }
        MagicCommandLine.Parsed parsed = new MagicCommandLine(new Root()).parse(invocation.argv());
        if (parsed.help().isPresent()) {
            return DisplayData.text(parsed.help().get());
        }
        Object command = parsed.leafCommand();
        if (command instanceof Conf conf) {
            return conf(conf.settings);
        } else if (command instanceof Start) {
            provider.get();
            return status();
        } else if (command instanceof Stop) {
            boolean wasRunning = provider.started();
            provider.stop();
            return DisplayData.text(wasRunning ? "Spark stopped. The next use of spark starts a new session."
                    : "Spark was not running.");
        } else if (command instanceof Status) {
            return status();
        }
        return DisplayData.text(help());
    }

    private DisplayData conf(List<String> settings) {
        if (settings.isEmpty()) {
            return DisplayData.text(lines(currentConf()));
        }
        List<String> applied = new ArrayList<>();
        for (String setting : settings) {
            int eq = setting.indexOf('=');
            if (eq < 0) {
                String value = currentConf().get(setting.strip());
                applied.add(setting.strip() + " = " + (value == null ? "(not set)" : value));
                continue;
            }
            String key = setting.substring(0, eq).strip();
            String value = setting.substring(eq + 1).strip();
            if (key.isEmpty()) {
                throw new MagicException("Missing key in '" + setting + "'. Use %spark conf key=value.");
            }
            boolean before = !provider.started();
            try {
                provider.configure(key, value);
            } catch (Exception e) { // Spark throws its checked AnalysisException here, undeclared

                throw new MagicException("Spark is already running and does not accept '" + key
                        + "' at runtime (" + firstLine(e.getMessage()) + ").\nRun %spark stop, then %spark conf "
                        + key + "=" + value + "; the next use of spark starts a session with it.");
            }
            applied.add(key + " = " + value + (before ? "  (applies when Spark starts)" : ""));
        }
        return DisplayData.text(String.join("\n", applied));
    }

    private Map<String, String> currentConf() {
        if (!provider.started()) {
            return new TreeMap<>(provider.settings().asMap());
        }
        return new TreeMap<>(scala.jdk.javaapi.CollectionConverters.asJava(provider.get().conf().getAll()));
    }

    private DisplayData status() {
        Map<String, String> rows = new java.util.LinkedHashMap<>();
        if (!provider.started()) {
            rows.put("state", "not started (starts on first use of spark, %%sql or %spark start)");
            rows.put("version", sparkVersion());
            rows.put("master", String.valueOf(provider.settings().master()));
            rows.put("warehouse", String.valueOf(provider.settings().asMap().get("spark.sql.warehouse.dir")));
            return DisplayData.text("Spark\n" + lines(rows));
        }
        SparkSession spark = provider.get();
        SparkContext sc = spark.sparkContext();
        rows.put("state", "started");
        rows.put("version", spark.version());
        rows.put("master", sc.master());
        rows.put("app id", sc.applicationId());
        rows.put("executors", executors(sc));
        rows.put("default parallelism", String.valueOf(sc.defaultParallelism()));
        int[] active = sc.statusTracker().getActiveJobIds();
        rows.put("active jobs", active.length == 0 ? "0" : active.length + " " + java.util.Arrays.toString(active));
        rows.put("warehouse", spark.conf().get("spark.sql.warehouse.dir", "?"));
        rows.put("catalog", spark.conf().get("spark.sql.catalog.spark_catalog", "(Spark's built-in)"));
        rows.put("current schema", spark.catalog().currentDatabase());
        return DisplayData.text("Spark\n" + lines(rows));
    }

    private static String executors(SparkContext sc) {
        int count = sc.statusTracker().getExecutorInfos().length;
        return sc.isLocal() ? "driver only (local mode, " + sc.defaultParallelism() + " cores)"
                : Math.max(0, count - 1) + " (plus the driver)";
    }

    static String sparkVersion() {
        try (InputStream in = SparkContext.class.getResourceAsStream("/spark-version-info.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String lines(Map<String, String> rows) {
        int width = rows.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder out = new StringBuilder();
        rows.forEach((k, v) -> out.append("  ").append(k).append(" ".repeat(width - k.length())).append("  ").append(v).append('\n'));
        return out.toString().stripTrailing();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "refused";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }
}
