package dev.lakehouse.magics.vector;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import dev.lakehouse.magics.api.MagicException;
import dev.lakehouse.magics.sql.SqlErrors;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

/**
 * A {@code --filter} SQL predicate as a Lucene filter. Spark evaluates the predicate over the
 * table at exactly the version the index reflects (so any column of the table may be used, and
 * hits agree with their stored columns); the matching ids then restrict the HNSW search itself
 * (pre-filtering), so a selective filter still returns k hits. Results are cached per index
 * version and predicate: repeated filtered searches cost no Spark job.
 */
final class SearchFilter {
    private static final int CACHED = 32;
    private static final Map<String, IdFilter> CACHE = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, IdFilter> eldest) {
            return size() > CACHED;
        }
    });

    private SearchFilter() {}

    static IdFilter resolve(SparkSession spark, IndexManifest manifest, long version, String predicate) {
        String key = manifest.location() + "\u0000" + manifest.name() + "\u0000" + version + "\u0000" + predicate;
        IdFilter cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        DeltaSource source = new DeltaSource(manifest.table(), manifest.location());
        List<String> ids;
        try {
            ids = source.snapshot(spark, version)
                    .where(expr(predicate))
                    .where(col(IndexRows.quote(manifest.idColumn())).isNotNull())
                    .select(col(IndexRows.quote(manifest.idColumn())).cast("string"))
                    .as(Encoders.STRING())
                    .collectAsList();
        } catch (Exception e) { // AnalysisException is checked in Java's eyes, and undeclared
            MagicException explained = SqlErrors.explain(e, predicate, spark);
            throw new MagicException("Bad --filter \"" + predicate + "\": " + explained.getMessage()
                    + "\nThe filter is a Spark SQL predicate over the columns of " + manifest.table()
                    + " at version " + version + ", e.g. --filter \"category = 'news' AND year >= 2020\".", e);
        }
        IdFilter allowed = LuceneVectorIndex.idFilter(ids);
        CACHE.put(key, allowed);
        return allowed;
    }
}
