package dev.lakehouse.magics.vector;

import dev.lakehouse.magics.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Small Delta tables of generated vectors and texts for the %vector tests. */
final class VectorTables {
    static final StructType VECTOR_SCHEMA = new StructType()
            .add("id", DataTypes.LongType, false)
            .add("category", DataTypes.IntegerType)
            .add("label", DataTypes.StringType)
            .add("embedding", DataTypes.createArrayType(DataTypes.FloatType));

    private VectorTables() {}

    static SparkSession spark() {
        return TestSpark.session();
    }

    /** Rows {@code from..to-1}: vector i of {@code data}'s stream 1, category = i % 10. */
    static Dataset<Row> vectorRows(SyntheticVectors data, long from, long to) {
        List<Row> rows = new ArrayList<>();
        for (long i = from; i < to; i++) {
            rows.add(vectorRow(i, (int) (i % 10), "row " + i, data.vector(1, i)));
        }
        return spark().createDataFrame(rows, VECTOR_SCHEMA);
    }

    static Row vectorRow(long id, int category, String label, float[] vector) {
        List<Float> boxed = new ArrayList<>(vector.length);
        for (float v : vector) {
            boxed.add(v);
        }
        return RowFactory.create(id, category, label, boxed);
    }

    /** The table's version after it was filled. */
    static long createVectorTable(String name, SyntheticVectors data, int count, boolean changeDataFeed) {
        spark().sql("DROP TABLE IF EXISTS " + name);
        spark().sql("CREATE TABLE " + name + " (id BIGINT NOT NULL, category INT, label STRING, embedding ARRAY<FLOAT>)"
                + " USING delta TBLPROPERTIES (delta.enableChangeDataFeed = " + changeDataFeed + ")");
        vectorRows(data, 0, count).write().format("delta").mode("append").saveAsTable(name);
        return 1;
    }

    /** Short documents about a few topics, each with a category and a year. */
    static void createTextTable(String name) {
        String[][] topics = {
            {"databases", "Delta Lake keeps every version of a table so you can time travel to older data",
                "A transaction log records each commit to the table", "Vacuum removes data files no longer referenced",
                "Schema evolution adds new columns to a table safely", "Merge upserts change rows by key"},
            {"cooking", "Simmer the tomato sauce with garlic and basil for twenty minutes",
                "Knead the bread dough until it is smooth and elastic", "Roast the vegetables in a hot oven",
                "Whisk eggs and sugar until pale for a light sponge cake", "Season the soup with salt and pepper"},
            {"astronomy", "Jupiter is the largest planet in the solar system",
                "A telescope gathers light from distant galaxies", "The moon orbits the earth every twenty seven days",
                "Black holes bend light with their enormous gravity", "Comets grow bright tails near the sun"},
            {"sports", "The striker scored a goal in the final minute of the match",
                "Marathon runners train for months to finish the race", "The tennis player served an ace",
                "The cyclist climbed the mountain stage of the tour", "The swimmer broke the world record"}};
        List<Row> rows = new ArrayList<>();
        long id = 1;
        for (String[] topic : topics) {
            for (int i = 1; i < topic.length; i++) {
                rows.add(RowFactory.create(id, topic[0], 2015 + (int) (id % 10), topic[i]));
                id++;
            }
        }
        rows.add(RowFactory.create(id, "empty", 2020, " "));
        StructType schema = new StructType().add("doc_id", DataTypes.LongType).add("category", DataTypes.StringType)
                .add("year", DataTypes.IntegerType).add("body", DataTypes.StringType);
        spark().sql("DROP TABLE IF EXISTS " + name);
        spark().createDataFrame(rows, schema).write().format("delta").saveAsTable(name);
    }
}
