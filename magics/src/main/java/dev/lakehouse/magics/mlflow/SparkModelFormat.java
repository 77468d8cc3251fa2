package dev.lakehouse.magics.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML model in MLflow's format, as {@code mlflow.spark.log_model} writes it: Spark's own
 * {@code PipelineModel.save} under {@code sparkml/}, an {@code MLmodel} file naming the
 * {@code spark} and {@code python_function} flavors (so Python's {@code mlflow.spark.load_model}
 * and {@code mlflow.pyfunc.load_model} read it), a signature and input example when an example is
 * given, and the Python environment files pyfunc serving expects.
 */
final class SparkModelFormat {
    static final String SPARK_DIR = "sparkml";
    static final String MLMODEL = "MLmodel";
    private static final int EXAMPLE_ROWS = 5;
    private static final String PYTHON_VERSION = "3.11";

    private SparkModelFormat() {}

    /** A PipelineModel as is; any other fitted Transformer wrapped in a one-stage PipelineModel, as MLflow does. */
    static PipelineModel asPipelineModel(Object model, String variableName) {
        if (model instanceof PipelineModel pipeline) {
            return pipeline;
        }
        if (model instanceof Transformer transformer) {
            return new PipelineModel(UUID.randomUUID().toString(), new Transformer[] {transformer});
        }
        throw new MlflowException("'" + variableName + "' is " + (model == null ? "null" : "a " + model.getClass().getName())
                + "; log-model takes a fitted Spark ML model (a PipelineModel, or a Model such as LinearRegressionModel)."
                + (model instanceof org.apache.spark.ml.Estimator<?> ? " Fit it first: pipeline.fit(trainingData)." : ""));
    }

    /** Writes the model directory into {@code dir} (which must not exist yet). */
    static void write(PipelineModel model, Path dir, Dataset<Row> inputExample, String runId, String artifactPath,
                      String mlflowVersion, String sparkVersion) throws IOException {
        Files.createDirectories(dir);
        model.write().overwrite().save(dir.resolve(SPARK_DIR).toUri().toString());
        Map<String, Object> mlmodel = new LinkedHashMap<>();
        mlmodel.put("artifact_path", artifactPath);
        mlmodel.put("flavors", flavors(sparkVersion));
        mlmodel.put("mlflow_version", mlflowVersion);
        mlmodel.put("model_uuid", UUID.randomUUID().toString().replace("-", ""));
        mlmodel.put("run_id", runId);
        if (inputExample != null) {
            InputExample example = InputExample.of(inputExample, EXAMPLE_ROWS);
            writeJson(dir.resolve(InputExample.FILE), example.split());
            writeJson(dir.resolve(InputExample.SERVING_FILE), example.servingInput());
            mlmodel.put("saved_input_example_info", InputExample.info());
            mlmodel.put("signature", ModelSignature.of(example.schema(), outputs(model, example.schema())));
        }
        mlmodel.put("utc_time_created", DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
                .format(Instant.now().atOffset(ZoneOffset.UTC)));
        mlmodel.put("metadata", Map.of("written_by", "lakehouse-java-kernel", "java_model_class", model.getClass().getName()));
        writePythonEnvironment(dir, mlflowVersion, sparkVersion);
        mlmodel.put("model_size_bytes", directorySize(dir));
        Files.writeString(dir.resolve(MLMODEL), MlmodelYaml.write(mlmodel), StandardCharsets.UTF_8);
    }

    private static Map<String, Object> flavors(String sparkVersion) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("conda", "conda.yaml");
        env.put("virtualenv", "python_env.yaml");
        Map<String, Object> pyfunc = new LinkedHashMap<>();
        pyfunc.put("data", SPARK_DIR);
        pyfunc.put("env", env);
        pyfunc.put("loader_module", "mlflow.spark");
        pyfunc.put("python_version", PYTHON_VERSION);
        Map<String, Object> spark = new LinkedHashMap<>();
        spark.put("code", null);
        spark.put("model_class", "pyspark.ml.pipeline.PipelineModel");
        spark.put("model_data", SPARK_DIR);
        spark.put("pyspark_version", sparkVersion);
        Map<String, Object> flavors = new LinkedHashMap<>();
        flavors.put("python_function", pyfunc);
        flavors.put("spark", spark);
        return flavors;
    }

    /** The prediction columns the model adds, from its schema transformation (no Spark job). */
    private static StructType outputs(PipelineModel model, StructType inputs) {
        StructType transformed;
        try {
            transformed = model.transformSchema(inputs);
        } catch (RuntimeException e) {
            throw new MlflowException("The input example does not fit the model: " + e.getMessage()
                    + " Pass a Dataset with the columns the model reads (the training data without the label works).", e);
        }
        StructField[] prediction = java.util.Arrays.stream(transformed.fields())
                .filter(f -> f.name().equals("prediction")).toArray(StructField[]::new);
        return prediction.length == 0 ? null : new StructType(prediction);
    }

    private static void writePythonEnvironment(Path dir, String mlflowVersion, String sparkVersion) throws IOException {
        String mlflowRequirement = mlflowVersion.equals("unknown") ? "mlflow" : "mlflow==" + mlflowVersion;
        String pyspark = "pyspark==" + sparkVersion;
        Files.writeString(dir.resolve("requirements.txt"), mlflowRequirement + "\n" + pyspark + "\n");
        Files.writeString(dir.resolve("python_env.yaml"), "python: " + PYTHON_VERSION + "\nbuild_dependencies:\n- pip\n"
                + "dependencies:\n- -r requirements.txt\n");
        Files.writeString(dir.resolve("conda.yaml"), "channels:\n- conda-forge\ndependencies:\n- python=" + PYTHON_VERSION
                + "\n- pip\n- pip:\n  - " + mlflowRequirement + "\n  - " + pyspark + "\nname: mlflow-env\n");
    }

    private static void writeJson(Path file, Object value) throws IOException {
        try {
            Files.writeString(file, MlflowHttp.JSON.writeValueAsString(value), StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IOException(e);
        }
    }

    static long directorySize(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    /** Loads the Spark model from a downloaded MLflow model directory. */
    static PipelineModel read(Path dir, String uri) throws IOException {
        Path mlmodel = dir.resolve(MLMODEL);
        if (!Files.exists(mlmodel)) {
            throw new MlflowException(uri + " is not an MLflow model: it has no MLmodel file.");
        }
        String modelData = MlmodelYaml.sparkModelData(Files.readString(mlmodel)).orElseThrow(() -> new MlflowException(
                uri + " is not a Spark ML model: its MLmodel has no spark flavor."));
        Path sparkDir = dir.resolve(modelData);
        if (!Files.isDirectory(sparkDir)) {
            throw new MlflowException(uri + " names " + modelData + "/ as its Spark model, but the artifacts have no such directory.");
        }
        return PipelineModel.load(sparkDir.toUri().toString());
    }
}
