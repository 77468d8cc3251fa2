package dev.lakehouse.magics.mlflow;

import java.math.BigDecimal;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/** A few rows of a Dataset in pandas' "split" JSON layout, the way MLflow stores input examples. */
record InputExample(StructType schema, List<String> columns, List<List<Object>> data) {
    static final String FILE = "input_example.json";
    static final String SERVING_FILE = "serving_input_example.json";

    static InputExample of(Dataset<Row> dataset, int rows) {
        List<String> columns = Arrays.asList(dataset.columns());
        List<List<Object>> data = new ArrayList<>();
        for (Row row : dataset.limit(rows).collectAsList()) {
            List<Object> values = new ArrayList<>(row.size());
            for (int i = 0; i < row.size(); i++) {
                values.add(jsonValue(row.get(i)));
            }
            data.add(values);
        }
        return new InputExample(dataset.schema(), List.copyOf(columns), data);
    }

    Map<String, Object> split() {
        Map<String, Object> split = new LinkedHashMap<>();
        split.put("columns", columns);
        split.put("data", data);
        return split;
    }

    Map<String, Object> servingInput() {
        return Map.of("dataframe_split", split());
    }

    /** {@code saved_input_example_info} for MLmodel. */
    static Map<String, Object> info() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("artifact_path", FILE);
        info.put("type", "dataframe");
        info.put("pandas_orient", "split");
        info.put("serving_input_path", SERVING_FILE);
        return info;
    }

    private static Object jsonValue(Object value) {
        if (value == null || value instanceof Number && !(value instanceof BigDecimal) || value instanceof Boolean
                || value instanceof String) {
            return value;
        }
        if (value instanceof BigDecimal d) {
            return d.doubleValue();
        }
        if (value instanceof Vector v) {
            return v.toArray();
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof scala.collection.Seq<?> seq) {
            List<Object> list = new ArrayList<>();
            CollectionConverters.asJava(seq).forEach(v -> list.add(jsonValue(v)));
            return list;
        }
        if (value instanceof java.util.Date || value instanceof TemporalAccessor) {
            return value.toString();
        }
        return value.toString();
    }
}
