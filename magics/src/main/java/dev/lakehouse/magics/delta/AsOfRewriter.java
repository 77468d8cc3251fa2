package dev.lakehouse.magics.delta;

import dev.lakehouse.magics.api.MagicException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.RelationTimeTravel;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.QueryPlan;
import org.apache.spark.sql.catalyst.plans.logical.DeleteFromTable;
import org.apache.spark.sql.catalyst.plans.logical.InsertIntoStatement;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.MergeIntoTable;
import org.apache.spark.sql.catalyst.plans.logical.UpdateTable;
import org.apache.spark.sql.catalyst.trees.Origin;
import scala.jdk.javaapi.CollectionConverters;

/**
 * {@code %%sql --as-of VERSION|TIMESTAMP --table T}: rewrites every read of T in a statement to
 * {@code T VERSION AS OF n} (or {@code TIMESTAMP AS OF 'ts'}). Spark's own parser finds the reads,
 * so names inside string literals, comments, aliases and CTE names are never touched; reads in
 * joins, subqueries and CTE bodies are. Reads that already say AS OF are left alone, and a
 * statement that writes to T is refused.
 */
public final class AsOfRewriter {
    private AsOfRewriter() {}

    /** Rewrites with the active SparkSession's parser (which knows Delta's SQL extensions). */
    public static String rewrite(String sql, String table, String asOf) {
        return rewrite(SparkSession.active(), sql, table, asOf);
    }

    public static String rewrite(SparkSession spark, String sql, String table, String asOf) {
        String clause = clause(asOf);
        ParserInterface parser = spark.sessionState().sqlParser();
        List<String> target = normalize(spark, identifierParts(parser, table));
        LogicalPlan plan;
        try {
            plan = parser.parsePlan(sql);
        } catch (Exception e) {
            throw new MagicException(Differ.firstLine(e), e);
        }
        List<int[]> reads = new ArrayList<>();
        collectReads(spark, plan, target, table, reads);
        if (reads.isEmpty()) {
            throw new MagicException("The query does not read " + table + "; --as-of rewrites the reads of the --table it names.");
        }
        reads.sort(Comparator.comparingInt((int[] r) -> r[0]).reversed());
        StringBuilder out = new StringBuilder(sql);
        int previous = -1;
        for (int[] r : reads) {
            if (r[0] == previous) {
                continue; // the same text reached twice (e.g. a CTE body seen from two places)
            }
            out.insert(r[0], " " + clause);
            previous = r[0];
        }
        return out.toString();
    }

    /** {@code 12} → VERSION AS OF 12; anything else → TIMESTAMP AS OF with a safely quoted literal. */
    static String clause(String asOf) {
        String value = asOf == null ? "" : asOf.strip();
        if (value.isEmpty()) {
            throw new MagicException("--as-of needs a version number or a timestamp.");
        }
        if (value.matches("\\d+")) {
            return "VERSION AS OF " + value;
        }
        if (value.length() >= 2 && (value.startsWith("'") && value.endsWith("'") || value.startsWith("\"") && value.endsWith("\""))) {
            value = value.substring(1, value.length() - 1);
        }
        return "TIMESTAMP AS OF " + DeltaTableRef.literal(value);
    }

    private static List<String> identifierParts(ParserInterface parser, String table) {
        String path = DeltaTableRef.pathOf(table.strip());
        if (path != null) {
            return List.of("delta", path);
        }
        try {
            return CollectionConverters.asJava(parser.parseMultipartIdentifier(table.strip()));
        } catch (Exception e) {
            throw new MagicException("--table " + table + " is neither a table name nor a path.");
        }
    }

    /** Same table whether written t, default.t or spark_catalog.default.t; case-insensitive but for paths. */
    private static List<String> normalize(SparkSession spark, List<String> parts) {
        List<String> p = new ArrayList<>(parts);
        if (p.size() == 3 && p.get(0).equalsIgnoreCase("spark_catalog")) {
            p.remove(0);
        }
        if (p.size() == 1) {
            p.add(0, spark.catalog().currentDatabase());
        }
        boolean isPath = p.size() == 2 && p.get(0).equalsIgnoreCase("delta") && p.get(1).contains("/");
        List<String> normalized = new ArrayList<>();
        for (int i = 0; i < p.size(); i++) {
            normalized.add(isPath && i == 1 ? stripSlash(p.get(i)) : p.get(i).toLowerCase(Locale.ROOT));
        }
        return normalized;
    }

    private static String stripSlash(String path) {
        return path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    }

    private static void collectReads(SparkSession spark, LogicalPlan node, List<String> target, String table,
                                     List<int[]> reads) {
        if (node instanceof RelationTimeTravel) {
            return; // an explicit AS OF wins
        }
        if (node instanceof UnresolvedRelation relation) {
            if (normalize(spark, CollectionConverters.asJava(relation.multipartIdentifier())).equals(target)) {
                Origin origin = relation.origin();
                if (origin.stopIndex().isEmpty()) {
                    throw new MagicException("Could not locate the read of " + table + " in the query text.");
                }
                reads.add(new int[] {(Integer) origin.stopIndex().get() + 1});
            }
            return;
        }
        LogicalPlan writeTarget = writeTarget(node);
        if (writeTarget != null) {
            List<int[]> written = new ArrayList<>();
            collectReads(spark, writeTarget, target, table, written);
            if (!written.isEmpty()) {
                throw new MagicException("This statement writes to " + table + "; --as-of only rewrites reads."
                        + " Write to another table, or restore with %delta restore.");
            }
        }
        for (LogicalPlan child : CollectionConverters.asJava(node.children())) {
            if (child != writeTarget) {
                collectReads(spark, child, target, table, reads);
            }
        }
        for (Object inner : CollectionConverters.asJava(node.innerChildren())) {
            if (inner instanceof LogicalPlan innerPlan) {
                collectReads(spark, innerPlan, target, table, reads);
            }
        }
        for (QueryPlan<?> subquery : CollectionConverters.asJava(node.subqueries())) {
            if (subquery instanceof LogicalPlan subPlan) {
                collectReads(spark, subPlan, target, table, reads);
            }
        }
    }

    private static LogicalPlan writeTarget(LogicalPlan node) {
        if (node instanceof InsertIntoStatement insert) {
            return insert.table();
        }
        if (node instanceof MergeIntoTable merge) {
            return merge.targetTable();
        }
        if (node instanceof UpdateTable update) {
            return update.table();
        }
        if (node instanceof DeleteFromTable delete) {
            return delete.table();
        }
        return null;
    }
}
