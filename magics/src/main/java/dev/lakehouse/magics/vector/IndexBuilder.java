package dev.lakehouse.magics.vector;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;

import dev.lakehouse.magics.api.MagicException;
import dev.lakehouse.magics.api.Suggestions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/** Builds an index from a table snapshot: validates the request, embeds on the executors, fills Lucene. */
final class IndexBuilder {
    /** What the user asked for with {@code %vector index}. */
    record Request(String name, String table, String idColumn, String vectorColumn, String textColumn,
                   String embedModel, List<String> columns, VectorMetric metric, int m, int efConstruction) {}

    /** What a build or full rebuild did. */
    record Outcome(IndexManifest manifest, long tableVersion, long indexed, long skipped, double seconds,
                   double embeddingsPerSecond) {}

    private IndexBuilder() {}

    static Outcome build(SparkSession spark, VectorIndexes indexes, Request request) {
        VectorIndexes.checkName(request.name());
        DeltaSource source = DeltaSource.resolve(spark, request.table());
        long version = source.latestVersion(spark);
        Dataset<Row> snapshot = source.snapshot(spark, version);
        IndexManifest manifest = manifest(spark, request, source, snapshot);
        return fill(spark, indexes, manifest, snapshot, version);
    }

    /** Rebuilds an existing index from the table's latest version with its recorded settings. */
    static Outcome rebuild(SparkSession spark, VectorIndexes indexes, IndexManifest previous) {
        DeltaSource source = new DeltaSource(previous.table(), previous.location());
        long version = source.latestVersion(spark);
        Dataset<Row> snapshot = source.snapshot(spark, version);
        Request request = new Request(previous.name(), previous.table(), previous.idColumn(), previous.vectorColumn(),
                previous.textColumn(), previous.embedModel(), previous.storedColumns(), previous.metric(),
                previous.m(), previous.efConstruction());
        return fill(spark, indexes, manifest(spark, request, source, snapshot), snapshot, version);
    }

    private static Outcome fill(SparkSession spark, VectorIndexes indexes, IndexManifest manifest,
                                Dataset<Row> snapshot, long version) {
        long start = System.nanoTime();
        Path staging = indexes.stagingDirectory(manifest.name());
        long[] counts = new long[2];
        boolean installed = false;
        try (LuceneVectorIndex lucene = LuceneVectorIndex.open(staging.resolve("lucene"), manifest.luceneSettings())) {
            Dataset<Row> rows = IndexRows.transform(snapshot, manifest);
            if (manifest.isTextIndex()) {
                // Embed in parallel on the executors first; the driver then streams the results.
                rows = rows.persist(StorageLevel.MEMORY_AND_DISK());
                rows.count();
            }
            double embedSeconds = (System.nanoTime() - start) / 1e9;
            try (LuceneVectorIndex.Writer writer = lucene.writer(indexingThreads())) {
                writer.addAll(uniqueDocs(rows.toLocalIterator(), manifest.idColumn(), counts), indexingThreads());
                writer.commit(version);
            } finally {
                rows.unpersist();
            }
            lucene.close();
            indexes.install(manifest.name(), staging, manifest);
            installed = true;
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Outcome(manifest, version, counts[0], counts[1], seconds,
                    manifest.isTextIndex() && embedSeconds > 0 ? counts[0] / embedSeconds : Double.NaN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!installed) {
                VectorIndexes.deleteRecursively(staging);
            }
        }
    }

    static int indexingThreads() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /** Index rows as documents; counts[0] indexed, counts[1] skipped (no vector, blank text or null id). */
    private static Iterator<IndexedDoc> uniqueDocs(Iterator<Row> rows, String idColumn, long[] counts) {
        Set<String> seen = new HashSet<>();
        return new Iterator<>() {
            private IndexedDoc next = advance();

            private IndexedDoc advance() {
                while (rows.hasNext()) {
                    IndexedDoc doc = IndexRows.toDoc(rows.next());
                    if (doc == null) {
                        counts[1]++;
                        continue;
                    }
                    if (!seen.add(doc.id())) {
                        throw new MagicException("The id column '" + idColumn + "' is not unique: " + doc.id()
                                + " appears more than once. Choose a column that identifies each row with --id.");
                    }
                    counts[0]++;
                    return doc;
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public IndexedDoc next() {
                IndexedDoc current = next;
                next = advance();
                return current;
            }
        };
    }

    static IndexManifest manifest(SparkSession spark, Request request, DeltaSource source, Dataset<Row> snapshot) {
        StructType schema = snapshot.schema();
        if ((request.vectorColumn() == null) == (request.textColumn() == null)) {
            throw new MagicException("Give exactly one of --vector-col (an array<float> column) or --text-col"
                    + " (a string column to embed).");
        }
        StructField id = field(schema, request.idColumn(), "--id", request.table());
        if (!(id.dataType() instanceof IntegralType) && !id.dataType().equals(DataTypes.StringType)) {
            throw new MagicException("The id column '" + id.name() + "' is " + id.dataType().simpleString()
                    + "; --id needs a string or integer column that identifies each row.");
        }
        int dimension;
        String embedModel = null;
        String vectorColumn = null;
        String textColumn = null;
        if (request.textColumn() != null) {
            StructField text = field(schema, request.textColumn(), "--text-col", request.table());
            textColumn = text.name();
            if (!text.dataType().equals(DataTypes.StringType)) {
                throw new MagicException("The text column '" + text.name() + "' is " + text.dataType().simpleString()
                        + "; --text-col needs a string column.");
            }
            String model = request.embedModel() == null ? Embeddings.MODEL_OPTION : request.embedModel();
            if (!Embeddings.MODEL_OPTION.equals(model)) {
                throw new MagicException("Unknown embedding model '" + model + "'. Available: "
                        + Embeddings.MODEL_OPTION + " (" + Embeddings.MODEL + ", 384 dimensions, bundled).");
            }
            embedModel = model;
            dimension = Embeddings.DIMENSION;
        } else {
            if (request.embedModel() != null) {
                throw new MagicException("--embed applies to --text-col; a --vector-col index takes the vectors as they are.");
            }
            StructField vector = field(schema, request.vectorColumn(), "--vector-col", request.table());
            vectorColumn = vector.name();
            if (!isVectorType(vector.dataType())) {
                throw new MagicException("The column '" + vector.name() + "' is " + vector.dataType().simpleString()
                        + ", not a vector. --vector-col needs array<float> or array<double>"
                        + (vector.dataType().equals(DataTypes.StringType) ? "; to embed text use --text-col "
                        + vector.name() + " instead." : "."));
            }
            dimension = vectorDimension(snapshot, vector.name(), request.table());
        }
        List<String> stored = storedColumns(schema, request, vectorColumn);
        StructType storedSchema = new StructType(stored.stream().map(c -> field(schema, c, "--columns", request.table()))
                .toArray(StructField[]::new));
        try {
            new LuceneVectorIndex.Settings(dimension, request.metric(), request.m(), request.efConstruction());
        } catch (IllegalArgumentException e) {
            throw new MagicException(e.getMessage());
        }
        return new IndexManifest(request.name(), source.table(), source.location(), id.name(), vectorColumn,
                textColumn, embedModel, request.metric(), request.m(), request.efConstruction(), dimension,
                stored, storedSchema.json(), Instant.now().toString());
    }

    static boolean isVectorType(DataType type) {
        return type instanceof ArrayType array
                && (array.elementType().equals(DataTypes.FloatType) || array.elementType().equals(DataTypes.DoubleType));
    }

    /** Every vector must have the same length; one aggregate finds the lengths present. */
    private static int vectorDimension(Dataset<Row> snapshot, String column, String table) {
        List<Row> sizes = snapshot.where(col(IndexRows.quote(column)).isNotNull())
                .groupBy(size(col(IndexRows.quote(column))).as("dimension")).count()
                .orderBy(col("count").desc()).limit(5).collectAsList();
        if (sizes.isEmpty()) {
            throw new MagicException("The vector column '" + column + "' of " + table + " has no non-null vectors to index.");
        }
        if (sizes.size() > 1) {
            StringBuilder found = new StringBuilder();
            for (Row r : sizes) {
                found.append(found.isEmpty() ? "" : ", ").append(r.getInt(0)).append(" (").append(r.getLong(1)).append(" rows)");
            }
            throw new MagicException("The vectors in '" + column + "' do not all have the same dimension: " + found
                    + ". Fix or filter the rows with the wrong dimension first.");
        }
        return sizes.get(0).getInt(0);
    }

    private static List<String> storedColumns(StructType schema, Request request, String vectorColumn) {
        List<String> stored = new ArrayList<>();
        if (request.columns() == null || request.columns().isEmpty()) {
            for (StructField f : schema.fields()) {
                if (!f.name().equals(vectorColumn)) {
                    stored.add(f.name());
                }
            }
            return stored;
        }
        stored.add(field(schema, request.idColumn(), "--id", request.table()).name());
        for (String column : request.columns()) {
            String name = field(schema, column, "--columns", request.table()).name();
            if (!stored.contains(name)) {
                stored.add(name);
            }
        }
        return stored;
    }

    static StructField field(StructType schema, String name, String option, String table) {
        for (StructField f : schema.fields()) {
            if (f.name().equalsIgnoreCase(name)) {
                return f;
            }
        }
        List<String> names = Arrays.asList(schema.fieldNames());
        List<String> close = Suggestions.closest(name, names, 3);
        throw new MagicException("No column '" + name + "' (" + option + ") in " + table + "."
                + (close.isEmpty() ? "" : " Did you mean: " + String.join(", ", close) + "?")
                + " Columns: " + String.join(", ", names) + ".");
    }
}
