package dev.lakehouse.magics.delta;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The picocli commands of {@code %delta}: one class per subcommand, options only, no behaviour. */
final class DeltaCommands {
    private DeltaCommands() {}

    static final String TABLE = "Table name (orders, db.orders) or path (/data/orders).";

    @Command(name = "%delta", description = "Time travel on Delta tables: history, read as of, diff, changes,"
            + " restore, vacuum.", subcommands = {History.class, At.class, Diff.class, Changes.class, Restore.class,
            Vacuum.class, Retention.class, Detail.class, Cdf.class},
            footer = {"", "%%delta SUBCOMMAND --help shows a subcommand's options. The same in Java: "
                    + "Delta.history(\"t\"), Delta.at(\"t\", 3), Delta.diff(\"t\", 3, 5, \"id\")..."})
    static final class Root {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
    }

    abstract static class TableCommand {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
        @Parameters(index = "0", paramLabel = "TABLE", description = TABLE)
        String table;
    }

    /** Exactly one of --version / --timestamp. */
    static final class AsOf {
        @Option(names = "--version", paramLabel = "N", required = true, description = "A version number.")
        Long version;
        @Option(names = "--timestamp", paramLabel = "TS", required = true,
                description = "A time, e.g. '2025-01-31 12:00' (session time zone): the last version committed at or before it.")
        String timestamp;

        VersionSpec spec() {
            return version != null ? VersionSpec.version(version) : VersionSpec.timestamp(timestamp);
        }
    }

    @Command(name = "history", description = "Versions of a table, newest first: time, operation, parameters"
            + " and, with --metrics, operation metrics as columns.")
    static final class History extends TableCommand {
        @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "Commits to show (default: ${DEFAULT-VALUE}).")
        int limit;
        @Option(names = "--ops", paramLabel = "OP[,OP...]", split = ",",
                description = "Only these operations: WRITE, MERGE, UPDATE, DELETE, RESTORE, VACUUM, \"CREATE TABLE\"...")
        List<String> operations = new ArrayList<>();
        @Option(names = "--since", paramLabel = "TS", description = "Only commits at or after this time.")
        String since;
        @Option(names = "--metrics", description = "Add each operation metric (numOutputRows, numDeletedRows...) as a column.")
        boolean metrics;
    }

    @Command(name = "at", description = "The table as of a version or time, as a Dataset<Row>.")
    static final class At extends TableCommand {
        @ArgGroup(exclusive = true, multiplicity = "1")
        AsOf asOf;
        @Option(names = {"-o", "--output"}, paramLabel = "NAME", description = "Also bind the Dataset<Row> to this Java variable.")
        String output;
        @Option(names = {"-n", "--rows"}, paramLabel = "ROWS", description = "Rows to show (default: %%config sql.limit, 20).")
        Integer rows;
    }

    @Command(name = "diff", description = "Rows inserted, deleted and updated between two versions, with counts."
            + " Uses the change data feed when it covers the range, else compares the snapshots.")
    static final class Diff extends TableCommand {
        @Option(names = "--from", paramLabel = "V", description = "Older version or timestamp (default: the one before --to).")
        String from;
        @Option(names = "--to", paramLabel = "V", description = "Newer version or timestamp (default: the latest).")
        String to;
        @Option(names = {"-k", "--key"}, paramLabel = "COL[,COL...]", split = ",",
                description = "Columns that identify a row: rows whose key is on both sides are updates, shown before → after.")
        List<String> keys = new ArrayList<>();
        @Option(names = "--summary", description = "Counts only, no rows.")
        boolean summary;
        @Option(names = {"-n", "--rows"}, paramLabel = "ROWS", defaultValue = "10", description = "Rows to show per section (default: ${DEFAULT-VALUE}).")
        int rows;
    }

    @Command(name = "changes", description = "The change data feed: row-level changes per commit (needs %%delta cdf TABLE on).")
    static final class Changes extends TableCommand {
        @Option(names = "--from", paramLabel = "V|TS", required = true, description = "First version (or time) to read changes of.")
        String from;
        @Option(names = "--to", paramLabel = "V|TS", description = "Last version (or time), inclusive (default: the latest).")
        String to;
        @Option(names = "--types", paramLabel = "TYPE[,TYPE...]", split = ",",
                description = "Only these: insert, delete, update_preimage, update_postimage (update = both images).")
        List<String> types = new ArrayList<>();
        @Option(names = {"-o", "--output"}, paramLabel = "NAME", description = "Also bind the Dataset<Row> to this Java variable.")
        String output;
        @Option(names = {"-n", "--rows"}, paramLabel = "ROWS", description = "Rows to show (default: %%config sql.limit, 20).")
        Integer rows;
    }

    @Command(name = "restore", description = "Restore a table to an older version. Shows the rows it would change;"
            + " restores only with --yes.")
    static final class Restore extends TableCommand {
        @ArgGroup(exclusive = true, multiplicity = "1")
        AsOf asOf;
        @Option(names = "--dry-run", description = "Only show what would change (the default without --yes).")
        boolean dryRun;
        @Option(names = "--yes", description = "Really restore (a new commit; history keeps every version).")
        boolean yes;
        @Option(names = {"-k", "--key"}, paramLabel = "COL[,COL...]", split = ",", description = "Pair updated rows by these columns.")
        List<String> keys = new ArrayList<>();
        @Option(names = {"-n", "--rows"}, paramLabel = "ROWS", defaultValue = "10", description = "Rows to show per section (default: ${DEFAULT-VALUE}).")
        int rows;
    }

    @Command(name = "vacuum", description = "Delete files no version within the retention needs. A dry run by"
            + " default: lists the files and the versions that would stop being reachable; deletes only with --yes.")
    static final class Vacuum extends TableCommand {
        @Option(names = "--retain", paramLabel = "HOURS", description = "Keep files removed less than HOURS ago (default: the table's delta.deletedFileRetentionDuration, 7 days).")
        Double retainHours;
        @Option(names = "--dry-run", description = "Only show what would be deleted (the default without --yes).")
        boolean dryRun;
        @Option(names = "--yes", description = "Really delete the files.")
        boolean yes;
        @Option(names = {"-n", "--rows"}, paramLabel = "ROWS", defaultValue = "10", description = "File paths to show (default: ${DEFAULT-VALUE}).")
        int rows;
    }

    @Command(name = "retention", description = "How far back the table can be read, and the settings that decide it.")
    static final class Retention extends TableCommand {
    }

    @Command(name = "detail", description = "Format, location, size, files, properties, latest version.")
    static final class Detail extends TableCommand {
    }

    @Command(name = "cdf", description = "Turn the change data feed on or off (recorded from the next commit on).")
    static final class Cdf extends TableCommand {
        @Parameters(index = "1", paramLabel = "on|off", description = "on or off.")
        String state;
    }
}
