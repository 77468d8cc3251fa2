package dev.lakehouse.magics.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MlmodelYamlTest {
    @Test
    void writesNestedMapsAsBlockYamlQuotingWhatWouldBeMisread_likeVersionsAndBooleans() {
        Map<String, Object> spark = new LinkedHashMap<>();
        spark.put("code", null);
        spark.put("model_data", "sparkml");
        spark.put("pyspark_version", "4.0.1");
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("flavors", Map.of("spark", spark));
        doc.put("signature", Map.of("inputs", "[{\"type\": \"double\", \"name\": \"x\"}]"));
        doc.put("flag", "yes");
        doc.put("size", 42L);

        String yaml = MlmodelYaml.write(doc);

        assertThat(yaml).isEqualTo("""
                flavors:
                  spark:
                    code: null
                    model_data: sparkml
                    pyspark_version: "4.0.1"
                signature:
                  inputs: "[{\\"type\\": \\"double\\", \\"name\\": \\"x\\"}]"
                flag: "yes"
                size: 42
                """);
    }

    @Test
    void findsTheSparkModelDirectoryInOurFilesAndInPythonWrittenOnes() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("flavors", Map.of("spark", Map.of("model_data", "sparkml")));
        assertThat(MlmodelYaml.sparkModelData(MlmodelYaml.write(doc))).contains("sparkml");

        String python = """
                artifact_path: model
                flavors:
                  python_function:
                    data: sparkml
                    loader_module: mlflow.spark
                  spark:
                    code: null
                    model_class: pyspark.ml.pipeline.PipelineModel
                    model_data: 'my model'
                run_id: abc
                """;
        assertThat(MlmodelYaml.sparkModelData(python)).contains("my model");
    }

    @Test
    void aModelWithoutSparkFlavorHasNoSparkDirectory() {
        String sklearn = """
                flavors:
                  sklearn:
                    model_data: model.pkl
                spark:
                  model_data: not-a-flavor
                """;
        assertThat(MlmodelYaml.sparkModelData(sklearn)).isEmpty();
    }
}
