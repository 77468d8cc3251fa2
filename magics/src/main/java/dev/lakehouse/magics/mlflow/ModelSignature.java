package dev.lakehouse.magics.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * An MLflow model signature from Spark schemas: column specs as MLflow writes them
 * ({@code {"type": "double", "name": "x", "required": true}}), embedded in MLmodel as JSON strings.
 */
final class ModelSignature {
    private ModelSignature() {}

    /** The {@code signature} block, or empty (with the reason) when a column has no MLflow type. */
    static Map<String, Object> of(StructType inputs, StructType outputs) {
        Map<String, Object> signature = new LinkedHashMap<>();
        signature.put("inputs", toJson(columns(inputs)));
        signature.put("outputs", outputs == null ? null : toJson(columns(outputs)));
        signature.put("params", null);
        return signature;
    }

    private static List<Map<String, Object>> columns(StructType schema) {
        List<Map<String, Object>> columns = new ArrayList<>();
        for (StructField field : schema.fields()) {
            Map<String, Object> spec = type(field.dataType()).map(LinkedHashMap::new).orElseThrow(() -> new MlflowException(
                    "Column '" + field.name() + "' has type " + field.dataType().simpleString()
                            + ", which an MLflow signature cannot describe; pass an --input-example without it."));
            spec.put("name", field.name());
            spec.put("required", !field.nullable());
            columns.add(spec);
        }
        return columns;
    }

    private static Optional<Map<String, Object>> type(DataType type) {
        String simple = null;
        if (type instanceof BooleanType) simple = "boolean";
        else if (type instanceof IntegerType || type instanceof ShortType || type instanceof ByteType) simple = "integer";
        else if (type instanceof LongType) simple = "long";
        else if (type instanceof FloatType) simple = "float";
        else if (type instanceof DoubleType || type instanceof DecimalType) simple = "double";
        else if (type instanceof StringType) simple = "string";
        else if (type instanceof BinaryType) simple = "binary";
        else if (type instanceof DateType || type instanceof TimestampType || type instanceof TimestampNTZType) simple = "datetime";
        if (simple != null) {
            return Optional.of(Map.<String, Object>of("type", simple));
        }
        if (type instanceof VectorUDT) {
            return Optional.of(Map.<String, Object>of("type", "sparkml_vector"));
        }
        if (type instanceof ArrayType array) {
            return type(array.elementType()).map(items -> Map.<String, Object>of("type", "array", "items", items));
        }
        return Optional.empty();
    }

    private static String toJson(Object value) {
        try {
            return MlflowHttp.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
