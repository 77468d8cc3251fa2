package dev.lakehouse.magics.vector;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * What an index was built from and how, kept as {@code index.json} beside the Lucene files. The
 * table version the index reflects is not here but in the Lucene commit itself, so the two can
 * never disagree after a crash.
 *
 * @param table         the table as the user named it (a catalog name or a path)
 * @param location      the table's storage location, resolved when the index was built
 * @param vectorColumn  the array column read as vectors, or null for a text index
 * @param textColumn    the text column embedded and indexed for BM25, or null
 * @param embedModel    the embedding model's {@code --embed} name for text indexes, else null
 * @param storedColumns the columns kept in the index and returned with each hit
 * @param storedSchema  their Spark schema as JSON
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IndexManifest(String name, String table, String location, String idColumn, String vectorColumn,
                            String textColumn, String embedModel, VectorMetric metric, int m, int efConstruction,
                            int dimension, List<String> storedColumns, String storedSchema, String createdAt) {
    static final String FILE = "index.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @JsonIgnore
    public boolean isTextIndex() {
        return textColumn != null;
    }

    /** The column the vectors come from: the vector column, or the text column they were embedded from. */
    @JsonIgnore
    public String sourceColumn() {
        return isTextIndex() ? textColumn : vectorColumn;
    }

    @JsonIgnore
    public StructType storedStructType() {
        return (StructType) DataType.fromJson(storedSchema);
    }

    @JsonIgnore
    public LuceneVectorIndex.Settings luceneSettings() {
        return new LuceneVectorIndex.Settings(dimension, metric, m, efConstruction);
    }

    static IndexManifest read(Path indexDirectory) {
        try {
            return JSON.readValue(indexDirectory.resolve(FILE).toFile(), IndexManifest.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + indexDirectory.resolve(FILE), e);
        }
    }

    void write(Path indexDirectory) {
        try {
            Path temporary = indexDirectory.resolve(FILE + ".tmp");
            JSON.writeValue(temporary.toFile(), this);
            Files.move(temporary, indexDirectory.resolve(FILE), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + indexDirectory.resolve(FILE), e);
        }
    }
}
