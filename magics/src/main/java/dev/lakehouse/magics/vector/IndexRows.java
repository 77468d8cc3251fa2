package dev.lakehouse.magics.vector;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.xxhash64;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Turns table rows into index rows on the executors: the id as a string, the vector (for text
 * indexes embedded there, in batches, with the model loaded once per executor), the text for
 * BM25, a hash of everything indexed, and the stored columns serialised. The driver then only
 * feeds Lucene.
 */
final class IndexRows {
    static final StructType SCHEMA = new StructType()
            .add("_id", DataTypes.StringType, true)
            .add("_vector", DataTypes.BinaryType, true)
            .add("_text", DataTypes.StringType, true)
            .add("_hash", DataTypes.LongType, false)
            .add("_row", DataTypes.BinaryType, false);
    private static final int EMBEDDING_BATCH = 64;

    private IndexRows() {}

    /** The table's columns an index reads, in a fixed order: id, source, hash, stored columns. */
    static Dataset<Row> select(Dataset<Row> table, IndexManifest manifest) {
        List<Column> columns = new ArrayList<>();
        columns.add(col(manifest.idColumn()).cast("string").as("_id"));
        columns.add(source(manifest).as("_source"));
        columns.add(hash(manifest).as("_hash"));
        List<String> stored = manifest.storedColumns();
        for (int i = 0; i < stored.size(); i++) {
            columns.add(col(quote(stored.get(i))).as("_s" + i));
        }
        return table.select(columns.toArray(Column[]::new));
    }

    /** Selects and transforms; the result has {@link #SCHEMA}. */
    static Dataset<Row> transform(Dataset<Row> table, IndexManifest manifest) {
        return select(table, manifest).mapPartitions(
                new ToIndexRows(manifest.isTextIndex(), manifest.dimension(), manifest.storedColumns().size()),
                Encoders.row(SCHEMA));
    }

    /** Changes to any indexed or stored value change the hash, so a sync can find changed rows. */
    static Column hash(IndexManifest manifest) {
        List<Column> parts = new ArrayList<>();
        parts.add(col(quote(manifest.idColumn())));
        parts.add(col(quote(manifest.sourceColumn())));
        for (String stored : manifest.storedColumns()) {
            parts.add(col(quote(stored)));
        }
        return xxhash64(parts.toArray(Column[]::new));
    }

    private static Column source(IndexManifest manifest) {
        Column source = col(quote(manifest.sourceColumn()));
        return manifest.isTextIndex() ? source.cast("string") : source.cast("array<float>");
    }

    static String quote(String column) {
        return "`" + column.replace("`", "``") + "`";
    }

    /** The driver's side: an index row as Lucene takes it; null when the row has no vector. */
    static IndexedDoc toDoc(Row row) {
        byte[] packed = (byte[]) row.get(1);
        if (packed == null || row.isNullAt(0)) {
            return null;
        }
        return new IndexedDoc(row.getString(0), unpack(packed), row.getString(2), row.getLong(3), (byte[]) row.get(4));
    }

    static byte[] pack(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return buffer.array();
    }

    static float[] unpack(byte[] packed) {
        float[] vector = new float[packed.length / Float.BYTES];
        ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }

    /** Runs on executors; must stay serialisable and hold no driver state. */
    static final class ToIndexRows implements MapPartitionsFunction<Row, Row> {
        private final boolean embed;
        private final int dimension;
        private final int storedCount;

        ToIndexRows(boolean embed, int dimension, int storedCount) {
            this.embed = embed;
            this.dimension = dimension;
            this.storedCount = storedCount;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> input) {
            return new Iterator<>() {
                private final List<Row> ready = new ArrayList<>();
                private int next;

                @Override
                public boolean hasNext() {
                    if (next < ready.size()) {
                        return true;
                    }
                    ready.clear();
                    next = 0;
                    fill();
                    return !ready.isEmpty();
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new java.util.NoSuchElementException();
                    }
                    return ready.get(next++);
                }

                private void fill() {
                    List<Row> batch = new ArrayList<>(EMBEDDING_BATCH);
                    while (input.hasNext() && batch.size() < EMBEDDING_BATCH) {
                        batch.add(input.next());
                    }
                    if (embed) {
                        embedBatch(batch);
                    } else {
                        for (Row row : batch) {
                            ready.add(output(row, vectorOf(row), null));
                        }
                    }
                }

                private void embedBatch(List<Row> batch) {
                    List<String> texts = new ArrayList<>();
                    for (Row row : batch) {
                        String text = row.getString(1);
                        if (text != null && !text.isBlank()) {
                            texts.add(text);
                        }
                    }
                    float[][] vectors = Embeddings.embedInCallingThread(texts);
                    int v = 0;
                    for (Row row : batch) {
                        String text = row.getString(1);
                        boolean embedded = text != null && !text.isBlank();
                        ready.add(output(row, embedded ? vectors[v++] : null, text));
                    }
                }
            };
        }

        private float[] vectorOf(Row row) {
            if (row.isNullAt(1)) {
                return null;
            }
            List<Object> values = row.getList(1);
            if (values.size() != dimension) {
                throw new IllegalArgumentException("row with id " + row.getString(0) + " has a " + values.size()
                        + "-dimensional vector; the index holds " + dimension + "-dimensional vectors");
            }
            float[] vector = new float[values.size()];
            for (int i = 0; i < vector.length; i++) {
                Object value = values.get(i);
                if (value == null) {
                    throw new IllegalArgumentException("row with id " + row.getString(0)
                            + " has a vector with a null element at position " + i);
                }
                vector[i] = (Float) value;
            }
            return vector;
        }

        private Row output(Row row, float[] vector, String text) {
            Object[] stored = new Object[storedCount];
            for (int i = 0; i < storedCount; i++) {
                stored[i] = row.get(3 + i);
            }
            return RowFactory.create(row.getString(0), vector == null ? null : pack(vector), text,
                    row.getLong(2), StoredRows.encode(stored));
        }
    }
}
