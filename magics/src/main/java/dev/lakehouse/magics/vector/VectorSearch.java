package dev.lakehouse.magics.vector;

import dev.lakehouse.magics.api.MagicException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import dev.lakehouse.magics.render.DatasetRenderer;
import dev.lakehouse.magics.render.TablePreview;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** One search against a named index, in any mode, optionally filtered; results as a Dataset. */
public final class VectorSearch {
    public static final int DEFAULT_K = 10;
    /** Candidates explored per segment; recall@10 ≥ 0.95 on clustered 128-d data (see docs/VECTOR-SEARCH.md). */
    public static final int DEFAULT_EF = 100;

    public enum Mode {
        ANN, EXACT, HYBRID, FULLTEXT;

        public static Mode parse(String mode) {
            try {
                return valueOf(mode.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new MagicException("Unknown search mode '" + mode + "'. Use ann, exact, hybrid or fulltext.");
            }
        }
    }

    /** Exactly one of {@code text} or {@code vector}. {@code filter} may be null. */
    public record Request(String text, float[] vector, int k, String filter, Mode mode, int ef) {}

    /**
     * @param filterMatches rows the filter admitted (-1 without a filter)
     * @param warning       set when the table has versions the index does not reflect yet
     */
    public record Result(IndexManifest manifest, List<Hit> hits, long indexedVersion, int filterMatches,
                         String warning) {}

    private VectorSearch() {}

    public static Result search(SparkSession spark, VectorIndexes indexes, String name, Request request) {
        if (request.k() < 1) {
            throw new MagicException("-k must be at least 1; got " + request.k() + ".");
        }
        if (request.ef() < 1) {
            throw new MagicException("--ef must be at least 1; got " + request.ef() + ".");
        }
        VectorIndexes.OpenIndex index = indexes.open(name);
        IndexManifest manifest = index.manifest();
        LuceneVectorIndex lucene = index.lucene();
        long indexed = lucene.tableVersion();
        String warning = staleness(spark, manifest, indexed);

        Optional<IdFilter> filter = Optional.empty();
        int filterMatches = -1;
        if (request.filter() != null && !request.filter().isBlank()) {
            filter = Optional.of(SearchFilter.resolve(spark, manifest, indexed, request.filter()));
            filterMatches = filter.get().size();
        }
        List<Hit> hits = switch (request.mode()) {
            case ANN -> lucene.ann(queryVector(manifest, request), request.k(), request.ef(), filter);
            case EXACT -> lucene.exact(queryVector(manifest, request), request.k(), filter);
            case FULLTEXT -> lucene.fulltext(queryText(manifest, request), request.k(), filter);
            case HYBRID -> {
                String text = queryText(manifest, request);
                int candidates = Math.max(request.k(), request.ef());
                List<Hit> nearest = lucene.ann(queryVector(manifest, request), candidates, request.ef(), filter);
                List<Hit> keyword = lucene.fulltext(text, candidates, filter);
                yield ReciprocalRankFusion.fuse(List.of(nearest, keyword), request.k(),
                        ReciprocalRankFusion.DEFAULT_CONSTANT);
            }
        };
        return new Result(manifest, hits, indexed, filterMatches, warning);
    }

    /** A warning when the table moved on since the index was built or synced, else null. */
    static String staleness(SparkSession spark, IndexManifest manifest, long indexed) {
        long latest = new DeltaSource(manifest.table(), manifest.location()).latestVersion(spark);
        if (latest <= indexed) {
            return null;
        }
        return "Index '" + manifest.name() + "' reflects version " + indexed + " of " + manifest.table()
                + "; the table is now at version " + latest + ". Results miss the changes since."
                + " Run: %vector sync " + manifest.name();
    }

    private static float[] queryVector(IndexManifest manifest, Request request) {
        float[] vector;
        if (request.vector() != null) {
            vector = request.vector();
        } else if (request.text() == null) {
            throw new MagicException("Search needs --text \"...\" or --vector VAR.");
        } else if (!manifest.isTextIndex()) {
            throw new MagicException("Index '" + manifest.name() + "' was built from the vector column '"
                    + manifest.vectorColumn() + "', so it cannot embed text. Search it with --vector VAR"
                    + " (a float[] of " + manifest.dimension() + " numbers).");
        } else {
            vector = Embeddings.embedOne(requireText(request.text()));
        }
        if (vector.length != manifest.dimension()) {
            throw new MagicException("The query vector has " + vector.length + " dimensions; index '"
                    + manifest.name() + "' holds " + manifest.dimension() + "-dimensional vectors.");
        }
        return vector;
    }

    private static String queryText(IndexManifest manifest, Request request) {
        if (!manifest.isTextIndex()) {
            throw new MagicException("--mode " + request.mode().name().toLowerCase(Locale.ROOT) + " needs full text,"
                    + " but index '" + manifest.name() + "' was built from the vector column '" + manifest.vectorColumn()
                    + "'. Build an index with --text-col for full-text and hybrid search.");
        }
        if (request.text() == null) {
            throw new MagicException("--mode " + request.mode().name().toLowerCase(Locale.ROOT)
                    + " needs --text \"...\" (the words to match).");
        }
        return requireText(request.text());
    }

    private static String requireText(String text) {
        if (text.isBlank()) {
            throw new MagicException("--text is blank; give the words to search for.");
        }
        return text;
    }

    /** The schema of a result: {@code _rank}, {@code _score}, then the stored columns. */
    public static StructType resultSchema(IndexManifest manifest) {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("_rank", DataTypes.IntegerType, false));
        fields.add(DataTypes.createStructField("_score", DataTypes.DoubleType, false));
        for (StructField f : manifest.storedStructType().fields()) {
            fields.add(f);
        }
        return DataTypes.createStructType(fields);
    }

    public static List<Row> resultRows(Result result) {
        List<Row> rows = new ArrayList<>(result.hits().size());
        int rank = 1;
        for (Hit hit : result.hits()) {
            Object[] stored = hit.storedRow() == null ? new Object[0] : StoredRows.decode(hit.storedRow());
            Object[] values = new Object[2 + stored.length];
            values[0] = rank++;
            values[1] = hit.score();
            System.arraycopy(stored, 0, values, 2, stored.length);
            rows.add(RowFactory.create(values));
        }
        return rows;
    }

    /** The hits as a table to show, built from their rows: no Spark plan or job. */
    public static TablePreview preview(Result result) {
        List<List<Object>> cells = new ArrayList<>(result.hits().size());
        for (Row row : resultRows(result)) {
            List<Object> values = new ArrayList<>(row.length());
            for (int i = 0; i < row.length(); i++) {
                values.add(row.get(i));
            }
            cells.add(values);
        }
        return new TablePreview(DatasetRenderer.headers(resultSchema(result.manifest())), cells, false,
                OptionalLong.of(cells.size()));
    }

    /** A local Dataset (no Spark job to show or collect it). */
    public static Dataset<Row> toDataset(SparkSession spark, Result result) {
        return spark.createDataFrame(resultRows(result), resultSchema(result.manifest()));
    }
}
