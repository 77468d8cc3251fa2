package dev.lakehouse.magics.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Tab completion inside {@code %%sql} cells: table names after FROM/JOIN/INTO, columns of the
 * tables the cell names (also after {@code alias.}), options on the {@code %%sql} line.
 */
public final class SqlCompletion {
    /** Replace {@code code[start, end)} with one of {@code matches}. */
    public record Result(int start, int end, List<String> matches) {
        static Result none(int cursor) {
            return new Result(cursor, cursor, List.of());
        }
    }

    private static final Set<String> TABLE_CONTEXT = Set.of("FROM", "JOIN", "INTO", "TABLE", "UPDATE", "DESCRIBE", "USING");
    private static final List<String> KEYWORDS = List.of("SELECT", "FROM", "WHERE", "GROUP BY", "ORDER BY", "HAVING",
            "LIMIT", "JOIN", "LEFT JOIN", "INNER JOIN", "ON", "AS", "AND", "OR", "NOT", "NULL", "DISTINCT", "COUNT",
            "INSERT INTO", "VALUES", "UPDATE", "DELETE FROM", "MERGE INTO", "CREATE TABLE", "DROP TABLE", "USING DELTA",
            "WITH", "UNION ALL", "CASE", "WHEN", "THEN", "ELSE", "END", "DESCRIBE HISTORY", "VERSION AS OF");
    private static final Pattern RELATION = Pattern.compile(
            "\\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\\s+([`\\w.]+)(?:\\s+(?:AS\\s+)?([A-Za-z_]\\w*))?", Pattern.CASE_INSENSITIVE);
    private static final Set<String> NOT_ALIASES = Set.of("WHERE", "JOIN", "LEFT", "RIGHT", "INNER", "OUTER", "FULL",
            "CROSS", "ON", "GROUP", "ORDER", "LIMIT", "USING", "VALUES", "SELECT", "SET", "VERSION", "TIMESTAMP", "UNION", "HAVING");

    private SqlCompletion() {}

    public static Result complete(SparkSession spark, String code, int cursor) {
        int at = Math.max(0, Math.min(cursor, code.length()));
        int bodyStart = 0;
        if (code.stripLeading().startsWith("%%sql") || code.stripLeading().startsWith("%sql")) {
            int headerEnd = code.indexOf('\n');
            if (headerEnd < 0 || at <= headerEnd) {
                return optionCompletion(code, at);
            }
            bodyStart = headerEnd + 1;
        }
        String body = code.substring(bodyStart);
        int local = at - bodyStart;
        if (SqlText.insideLiteralOrComment(body, local)) {
            return Result.none(at);
        }
        int wordStart = local;
        while (wordStart > 0 && isWordChar(body.charAt(wordStart - 1))) {
            wordStart--;
        }
        String word = body.substring(wordStart, local);
        try {
            int dot = word.lastIndexOf('.');
            if (dot >= 0) {
                String qualifier = word.substring(0, dot).replace("`", "");
                String partial = word.substring(dot + 1).replace("`", "");
                int replaceFrom = bodyStart + wordStart + dot + 1;
                return new Result(replaceFrom, at, matching(qualified(spark, body, qualifier), partial));
            }
            String prefix = word.replace("`", "");
            Set<String> candidates = new LinkedHashSet<>();
            if (TABLE_CONTEXT.contains(previousKeyword(body, wordStart))) {
                candidates.addAll(TableNames.all(spark));
            } else {
                for (String table : relations(body).values()) {
                    candidates.addAll(columnsOf(spark, table));
                }
                candidates.addAll(TableNames.all(spark));
                boolean lower = !prefix.isEmpty() && Character.isLowerCase(prefix.charAt(0));
                KEYWORDS.forEach(k -> candidates.add(lower ? k.toLowerCase(Locale.ROOT) : k));
            }
            return new Result(bodyStart + wordStart, at, matching(new ArrayList<>(candidates), prefix));
        } catch (Exception catalogTrouble) { // completion must never fail the request
            return Result.none(at);
        }
    }

    private static List<String> qualified(SparkSession spark, String body, String qualifier) throws Exception {
        if (spark.catalog().databaseExists(qualifier)) {
            List<String> tables = new ArrayList<>();
            spark.catalog().listTables(qualifier).collectAsList().forEach(t -> tables.add(t.name()));
            return tables;
        }
        String table = relations(body).getOrDefault(qualifier.toLowerCase(Locale.ROOT), qualifier);
        return columnsOf(spark, table);
    }

    /** Alias or table name (lower case) to table name, from FROM/JOIN clauses of the cell. */
    static Map<String, String> relations(String sql) {
        Map<String, String> relations = new HashMap<>();
        Matcher m = RELATION.matcher(SqlText.stripComments(sql));
        while (m.find()) {
            String table = m.group(1).replace("`", "");
            relations.put(table.toLowerCase(Locale.ROOT), table);
            String alias = m.group(2);
            if (alias != null && !NOT_ALIASES.contains(alias.toUpperCase(Locale.ROOT))) {
                relations.put(alias.toLowerCase(Locale.ROOT), table);
            }
        }
        return relations;
    }

    private static List<String> columnsOf(SparkSession spark, String table) {
        try {
            return List.of(spark.table(table).schema().fieldNames());
        } catch (Exception unknownTable) { // Spark throws its checked AnalysisException undeclared
            return List.of();
        }
    }

    private static List<String> matching(List<String> candidates, String prefix) {
        String p = prefix.toLowerCase(Locale.ROOT);
        return candidates.stream().filter(c -> c.toLowerCase(Locale.ROOT).startsWith(p)).distinct().toList();
    }

    private static String previousKeyword(String body, int wordStart) {
        int end = wordStart;
        while (end > 0 && Character.isWhitespace(body.charAt(end - 1))) {
            end--;
        }
        int start = end;
        while (start > 0 && Character.isLetter(body.charAt(start - 1))) {
            start--;
        }
        return body.substring(start, end).toUpperCase(Locale.ROOT);
    }

    private static Result optionCompletion(String code, int at) {
        int start = at;
        while (start > 0 && !Character.isWhitespace(code.charAt(start - 1))) {
            start--;
        }
        String word = code.substring(start, at);
        if (!word.startsWith("-")) {
            return Result.none(at);
        }
        List<String> names = new ArrayList<>();
        for (OptionSpec option : new CommandLine(new SqlOptions()).getCommandSpec().options()) {
            for (String name : option.names()) {
                if (name.startsWith(word)) {
                    names.add(name);
                }
            }
        }
        names.sort(null);
        return new Result(start, at, names);
    }

    private static boolean isWordChar(char c) {
        return Character.isJavaIdentifierPart(c) || c == '.' || c == '`';
    }
}
