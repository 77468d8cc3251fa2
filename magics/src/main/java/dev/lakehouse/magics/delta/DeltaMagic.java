package dev.lakehouse.magics.delta;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.api.Magic;
import dev.lakehouse.magics.api.MagicContext;
import dev.lakehouse.magics.api.MagicException;
import dev.lakehouse.magics.api.MagicInvocation;
import dev.lakehouse.magics.api.MagicKind;
import dev.lakehouse.magics.cli.MagicCommandLine;
import dev.lakehouse.magics.sql.SqlConfig;
import dev.lakehouse.magics.sql.SqlMagic;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.SourceVersion;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code %delta SUBCOMMAND TABLE ...}: history, at, diff, changes, restore, vacuum, retention,
 * detail, cdf. Destructive subcommands (restore, vacuum) only preview unless given {@code --yes},
 * since a headless run cannot answer a prompt.
 */
public final class DeltaMagic implements Magic {
    @Override
    public String name() {
        return "delta";
    }

    @Override
    public MagicKind kind() {
        return MagicKind.LINE;
    }

    @Override
    public String summary() {
        return "Delta time travel: %delta history|at|diff|changes|restore|vacuum|retention|detail|cdf TABLE ...";
    }

    @Override
    public boolean answersHelpItself() {
        return true;
    }

    @Override
    public String help() {
        MagicCommandLine cli = new MagicCommandLine(new DeltaCommands.Root());
        StringBuilder help = new StringBuilder(cli.usage());
        cli.commandLine().getSubcommands().forEach((n, sub) -> help.append('\n').append(sub.getUsageMessage()));
        return help.toString();
    }

    @Override
    public Object run(MagicInvocation invocation, MagicContext context) {
        MagicCommandLine cli = new MagicCommandLine(new DeltaCommands.Root());
        MagicCommandLine.Parsed parsed = cli.parse(invocation.argv());
        if (parsed.help().isPresent()) {
            return DisplayData.text(parsed.help().get());
        }
        Object command = parsed.leafCommand();
        if (command instanceof DeltaCommands.Root) {
            return DisplayData.text(cli.usage());
        }
        DeltaTables tables = new DeltaTables(context.spark());
        try {
            return run(command, tables, context);
        } catch (MagicException e) {
            throw e;
        } catch (Exception e) { // rendering runs Spark jobs too; their errors need the same translation
            String table = command instanceof DeltaCommands.TableCommand t ? t.table : null;
            throw DeltaErrors.translate(e, context.spark(), table == null ? null : safeResolve(tables, table));
        }
    }

    private static DeltaTableRef safeResolve(DeltaTables tables, String table) {
        try {
            return tables.resolveTable(table);
        } catch (Exception gone) { // also Spark's AnalysisException, checked yet thrown undeclared
            return null;
        }
    }

    private static Object run(Object command, DeltaTables tables, MagicContext context) {
        if (command instanceof DeltaCommands.History h) {
            return history(tables, h);
        } else if (command instanceof DeltaCommands.At a) {
            return at(tables, a, context);
        } else if (command instanceof DeltaCommands.Diff d) {
            return diff(tables, d);
        } else if (command instanceof DeltaCommands.Changes c) {
            return changes(tables, c, context);
        } else if (command instanceof DeltaCommands.Restore r) {
            return restore(tables, r);
        } else if (command instanceof DeltaCommands.Vacuum v) {
            return vacuum(tables, v);
        } else if (command instanceof DeltaCommands.Retention r) {
            return tables.retention(r.table).toDisplayData(0);
        } else if (command instanceof DeltaCommands.Detail d) {
            return detail(tables, d);
        } else if (command instanceof DeltaCommands.Cdf c) {
            return cdf(tables, c);
        }
        throw new IllegalStateException("Unhandled %delta subcommand " + command.getClass().getSimpleName());
    }

    private static DisplayData history(DeltaTables tables, DeltaCommands.History h) {
        if (h.limit < 1) {
            throw new MagicException("--limit must be at least 1.");
        }
        Dataset<Row> history = tables.history(h.table, h.limit, h.operations, h.since, h.metrics);
        DeltaReport report = new DeltaReport("History of " + h.table);
        return report.table(history, h.limit).build();
    }

    private static DisplayData at(DeltaTables tables, DeltaCommands.At a, MagicContext context) {
        checkVariableName(a.output);
        long version = tables.resolve(a.table, a.asOf.spec());
        Dataset<Row> rows = tables.at(a.table, version);
        if (a.output != null) {
            context.defineVariable(a.output, SqlMagic.DATASET_TYPE, rows);
        }
        DeltaReport report = new DeltaReport(a.table + " as of version " + version
                + (a.asOf.timestamp != null ? " (the last version at or before " + a.asOf.timestamp + ")" : ""));
        if (a.output != null) {
            report.line("Bound to the Java variable " + a.output + " (Dataset<Row>).");
        }
        return report.table(rows, a.rows != null ? a.rows : SqlConfig.limit(context.config())).build();
    }

    private static DisplayData diff(DeltaTables tables, DeltaCommands.Diff d) {
        TableDiff diff = tables.diff(d.table, d.from == null ? null : VersionSpec.parse(d.from),
                d.to == null ? null : VersionSpec.parse(d.to), d.keys);
        try {
            return d.summary ? diff.summaryDisplay() : diff.toDisplayData(d.rows);
        } finally {
            diff.unpersist();
        }
    }

    private static DisplayData changes(DeltaTables tables, DeltaCommands.Changes c, MagicContext context) {
        checkVariableName(c.output);
        Dataset<Row> changes = tables.changes(c.table, VersionSpec.parse(c.from),
                c.to == null ? null : VersionSpec.parse(c.to), c.types);
        if (c.output != null) {
            context.defineVariable(c.output, SqlMagic.DATASET_TYPE, changes);
        }
        DeltaReport report = new DeltaReport("Change data feed of " + c.table + " from " + c.from
                + (c.to == null ? " to the latest version" : " to " + c.to));
        if (c.output != null) {
            report.line("Bound to the Java variable " + c.output + " (Dataset<Row>).");
        }
        return report.table(changes, c.rows != null ? c.rows : SqlConfig.limit(context.config())).build();
    }

    private static DisplayData restore(DeltaTables tables, DeltaCommands.Restore r) {
        RestorePlan plan = tables.restorePlan(r.table, r.asOf.spec(), r.keys);
        if (!r.yes || r.dryRun) {
            try {
                return plan.render(r.rows, "Preview only: nothing changed. Run %delta restore " + r.table
                        + " --version " + plan.targetVersion() + " --yes to restore.");
            } finally {
                plan.diff().unpersist();
            }
        }
        return tables.restore(r.table, plan).toDisplayData(r.rows);
    }

    private static DisplayData vacuum(DeltaTables tables, DeltaCommands.Vacuum v) {
        if (!v.yes || v.dryRun) {
            VacuumPlan plan = tables.vacuumPlan(v.table, v.retainHours);
            return plan.render(v.rows, "Dry run: nothing was deleted. Run %delta vacuum " + v.table
                    + (v.retainHours != null ? " --retain " + v.retainHours : "") + " --yes to delete these files.");
        }
        return tables.vacuum(v.table, v.retainHours).toDisplayData(v.rows);
    }

    private static DisplayData detail(DeltaTables tables, DeltaCommands.Detail d) {
        Row detail = tables.detail(d.table).head();
        Map<String, Object> entries = new LinkedHashMap<>();
        entries.put("latest version", tables.latestVersion(d.table));
        for (String field : detail.schema().fieldNames()) {
            Object value = detail.get(detail.fieldIndex(field));
            if (!"properties".equals(field)) {
                entries.put(field, value instanceof Timestamp ts ? ts.toString() : value);
            }
        }
        Map<String, String> properties = detail.getJavaMap(detail.fieldIndex("properties"));
        entries.put("change data feed", Boolean.parseBoolean(properties.getOrDefault(TableProperties.CHANGE_DATA_FEED, "false")) ? "on" : "off");
        DeltaReport report = new DeltaReport("Detail of " + d.table).keyValues(entries);
        if (!properties.isEmpty()) {
            report.heading("Properties").keyValues(new java.util.TreeMap<>(properties));
        }
        return report.build();
    }

    private static DisplayData cdf(DeltaTables tables, DeltaCommands.Cdf c) {
        boolean on = switch (c.state.toLowerCase(java.util.Locale.ROOT)) {
            case "on", "true", "enable" -> true;
            case "off", "false", "disable" -> false;
            default -> throw new MagicException("Say on or off, not '" + c.state + "': %delta cdf " + c.table + " on");
        };
        long version = tables.changeDataFeed(c.table, on);
        return DisplayData.text(on
                ? "Change data feed is on for " + c.table + " from version " + version + ": %delta changes " + c.table
                        + " --from " + version + " lists the changes committed after it."
                : "Change data feed is off for " + c.table + " from version " + version
                        + ": later commits record no changes; earlier ones stay readable until VACUUM removes them.");
    }

    private static void checkVariableName(String name) {
        if (name != null && (!SourceVersion.isIdentifier(name) || SourceVersion.isKeyword(name))) {
            throw new MagicException("-o " + name + " is not a valid Java variable name.");
        }
    }

    static List<String> subcommands() {
        return List.copyOf(new MagicCommandLine(new DeltaCommands.Root()).commandLine().getSubcommands().keySet());
    }
}
