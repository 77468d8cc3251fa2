package dev.lakehouse.magics.mlflow;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.plans.QueryPlan;
import org.apache.spark.sql.delta.files.TahoeFileIndex;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Finds the Delta table versions a query plan reads. Delta's analysis resolves each table read to
 * a {@code LogicalRelation} over a {@link TahoeFileIndex} pinned to one snapshot (time travel
 * included), so walking the analyzed plan — children, inner children (e.g. a CTAS's query) and
 * subqueries — yields each table and version read. The analyzed plan, not the optimized one:
 * Delta answers {@code count(*)} from its log, which leaves no relation in the optimized plan.
 */
public final class DeltaReads {
    private DeltaReads() {}

    public static Set<DeltaRead> in(QueryPlan<?> plan) {
        Set<DeltaRead> reads = new TreeSet<>();
        Deque<QueryPlan<?>> pending = new ArrayDeque<>();
        pending.push(plan);
        while (!pending.isEmpty()) {
            QueryPlan<?> node = pending.pop();
            if (node instanceof LogicalRelation relation && relation.relation() instanceof HadoopFsRelation fs
                    && fs.location() instanceof TahoeFileIndex index) {
                reads.add(new DeltaRead(tableName(relation), index.path().toString(), index.version()));
            }
            for (Object child : CollectionConverters.asJava(node.children())) {
                pending.push((QueryPlan<?>) child);
            }
            for (QueryPlan<?> inner : CollectionConverters.asJava(node.innerChildren())) {
                pending.push(inner);
            }
            for (Object subquery : CollectionConverters.asJava(node.subqueries())) {
                pending.push((QueryPlan<?>) subquery);
            }
        }
        return reads;
    }

    private static String tableName(LogicalRelation relation) {
        if (relation.catalogTable().isEmpty()) {
            return null;
        }
        CatalogTable table = relation.catalogTable().get();
        return table.identifier().unquotedString();
    }
}
