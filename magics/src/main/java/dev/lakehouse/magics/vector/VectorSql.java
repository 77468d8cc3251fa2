package dev.lakehouse.magics.vector;

import dev.lakehouse.magics.api.MagicException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import scala.Function1;
import scala.collection.immutable.Seq;

/**
 * {@code vector_search} as a Spark SQL table function, so {@code %%sql} can search and join:
 *
 * <pre>
 * SELECT * FROM vector_search('docs', 'how do I reset my password', 5)
 * SELECT * FROM vector_search('docs', 'rust borrow checker', 10, 'year >= 2020', 'hybrid')
 * </pre>
 *
 * Arguments: index name, query text, k (default 10), filter predicate (default none), mode (ann,
 * exact, hybrid or fulltext; default ann). They must be constants: the search runs once, while
 * Spark analyses the query, and its rows become a local relation (columns {@code _rank},
 * {@code _score} and the stored columns).
 */
public final class VectorSql {
    public static final String FUNCTION = "vector_search";
    private static final Map<SparkSession, VectorIndexes> REGISTERED = Collections.synchronizedMap(new WeakHashMap<>());

    private VectorSql() {}

    /** Registers the function in this session, searching {@code indexes} (idempotent, cheap). */
    public static void register(SparkSession spark, VectorIndexes indexes) {
        if (REGISTERED.put(spark, indexes) == indexes) {
            return;
        }
        var registry = ((org.apache.spark.sql.classic.SparkSession) spark).sessionState().tableFunctionRegistry();
        ExpressionInfo info = new ExpressionInfo(VectorSql.class.getName(), null, FUNCTION);
        Function1<Seq<Expression>, LogicalPlan> builder = arguments -> plan(spark, indexes, arguments);
        registry.registerFunction(new FunctionIdentifier(FUNCTION), info, builder);
    }

    private static LogicalPlan plan(SparkSession spark, VectorIndexes indexes, Seq<Expression> arguments) {
        int count = arguments.size();
        if (count < 2 || count > 5) {
            throw new MagicException(FUNCTION + " takes 2 to 5 arguments: (index, query_text[, k[, filter[, mode]]]);"
                    + " got " + count + ".");
        }
        String index = string(arguments.apply(0), "index");
        String text = string(arguments.apply(1), "query_text");
        int k = count > 2 ? integer(arguments.apply(2), "k") : VectorSearch.DEFAULT_K;
        String filter = count > 3 ? string(arguments.apply(3), "filter") : null;
        VectorSearch.Mode mode = count > 4 ? VectorSearch.Mode.parse(string(arguments.apply(4), "mode"))
                : VectorSearch.Mode.ANN;
        VectorSearch.Result result = VectorSearch.search(spark, indexes, index,
                new VectorSearch.Request(text, null, k, filter, mode, VectorSearch.DEFAULT_EF));
        Dataset<Row> rows = VectorSearch.toDataset(spark, result);
        return ((org.apache.spark.sql.classic.Dataset<Row>) rows).logicalPlan();
    }

    private static Object constant(Expression argument, String name) {
        if (!argument.foldable()) {
            throw new MagicException(FUNCTION + ": the " + name + " argument must be a constant, not "
                    + argument.sql() + ".");
        }
        return argument.eval(null);
    }

    private static String string(Expression argument, String name) {
        Object value = constant(argument, name);
        return value == null ? null : value.toString();
    }

    private static int integer(Expression argument, String name) {
        Object value = constant(argument, name);
        if (value instanceof Number number) {
            return number.intValue();
        }
        throw new MagicException(FUNCTION + ": " + name + " must be an integer, not " + argument.sql() + ".");
    }
}
