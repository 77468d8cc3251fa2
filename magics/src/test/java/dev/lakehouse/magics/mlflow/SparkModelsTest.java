package dev.lakehouse.magics.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.magics.testing.Magics;
import dev.lakehouse.magics.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A Spark ML model trained on a Delta table: logged, registered, loaded back by alias, and its inputs reproduced. */
@ExtendWith(MlflowServerExtension.class)
class SparkModelsTest {
    private static SparkSession spark;
    private MlflowSession session;
    private MlflowMagic magic;
    private CellRunningContext context;

    @BeforeAll
    static void housesTable() {
        spark = TestSpark.session();
        spark.sql("DROP TABLE IF EXISTS houses_ml");
        spark.sql("CREATE TABLE houses_ml USING delta AS SELECT CAST(id * 10 AS DOUBLE) AS size,"
                + " CAST(id % 4 + 1 AS DOUBLE) AS rooms, 1000 + 3.0 * id * 10 + 50.0 * (id % 4 + 1) AS price FROM range(1, 31)");
        spark.sql("INSERT INTO houses_ml VALUES (400.0, 2.0, 2300.0)"); // version 1: what the run reads
    }

    @BeforeEach
    void connect(MlflowServer server) {
        session = new MlflowSession(Map.of(), 0);
        magic = new MlflowMagic(session);
        context = new CellRunningContext(null);
        session.connect(server.uri().toString());
        session.setExperiment("models-" + UUID.randomUUID(), true);
    }

    @AfterEach
    void endLeftoverRun() {
        session.activeRun().ifPresent(r -> session.endRun(RunStatus.KILLED));
        session.close();
    }

    @Test
    void logRegisterLoadByAliasPredictAndReproduceTheInputs() throws Exception {
        String name = "houses-" + UUID.randomUUID();
        magic("%mlflow run start --name train");
        String runId = session.activeRun().orElseThrow().id();
        Dataset<Row> data = spark.table("houses_ml");
        assertThat(data.count()).isEqualTo(31);
        PipelineModel model = new Pipeline().setStages(new PipelineStage[] {
                new VectorAssembler().setInputCols(new String[] {"size", "rooms"}).setOutputCol("features"),
                new LinearRegression().setLabelCol("price").setMaxIter(10)}).fit(data);
        Dataset<Row> sample = data.drop("price").limit(3);
        context.recorded.withVariable("model", model).withVariable("sample", sample);

        String logged = Magics.text(magic("%mlflow log-model model --register " + name + " --alias champion --input-example sample"));
        magic("%mlflow run end");

        assertThat(logged).contains("runs:/" + runId + "/model").contains("version 1").contains("models:/" + name + "@champion");
        Run run = session.client().getRun(runId);
        assertThat(session.artifacts().list(run.artifactUri() + "/model"))
                .contains("MLmodel", "sparkml", "input_example.json", "serving_input_example.json", "requirements.txt");
        assertThat(run.tags()).containsEntry("lakehouse.lineage.delta.spark_catalog.default.houses_ml", "1");
        Path mlmodel = Files.createTempFile("MLmodel", "");
        session.client().http().download(ArtifactStore.locate(run.artifactUri()).proxyPath() + "/model/MLmodel", mlmodel,
                RetryPolicy.NONE);
        assertThat(Files.readString(mlmodel)).contains("  spark:\n").contains("model_data: sparkml")
                .contains("loader_module: mlflow.spark").contains("\\\"name\\\":\\\"size\\\"").contains("prediction")
                .containsPattern("run_id: \"?" + runId);

        String loaded = Magics.text(magic("%mlflow load-model models:/" + name + "@champion -o champion"));

        assertThat(loaded).contains("version 1").contains("VectorAssembler").contains("LinearRegressionModel");
        PipelineModel champion = (PipelineModel) context.recorded.valueOf("champion");
        assertThat(predictions(champion, sample)).containsExactlyElementsOf(predictions(model, sample));
        PipelineModel byRun = new SparkModels(session).load("runs:/" + runId + "/model").model();
        assertThat(predictions(byRun, sample)).containsExactlyElementsOf(predictions(model, sample));

        spark.sql("INSERT INTO houses_ml VALUES (10.0, 1.0, 1080.0)"); // the table moves on
        String reproduced = Magics.text(magic("%mlflow reproduce " + runId + " --prefix repro_"));

        assertThat(reproduced).contains("repro_houses_ml = spark_catalog.default.houses_ml VERSION AS OF 1");
        assertThat(spark.table("repro_houses_ml").count()).isEqualTo(31);
        assertThat(spark.table("houses_ml").count()).isEqualTo(32);
    }

    @Test
    void modelMistakesAreExplained() {
        context.recorded.withVariable("notAModel", "text").withVariable("pipeline", new Pipeline());
        magic("%mlflow run start");

        assertThatThrownBy(() -> magic("%mlflow log-model notAModel")).hasMessageContaining("takes a fitted Spark ML model");
        assertThatThrownBy(() -> magic("%mlflow log-model pipeline")).hasMessageContaining("Fit it first");
        assertThatThrownBy(() -> magic("%mlflow log-model missing")).hasMessageContaining("No variable 'missing'");
        assertThatThrownBy(() -> magic("%mlflow log-model notAModel --alias a")).hasMessageContaining("--alias needs --register");
        assertThatThrownBy(() -> magic("%mlflow load-model models:/no-such-model@champion -o m")).hasMessageContaining("no alias 'champion'");
        assertThatThrownBy(() -> magic("%mlflow load-model runs:/0123456789abcdef0123456789abcdef/model -o m"))
                .hasMessageContaining("No run");
        assertThatThrownBy(() -> magic("%mlflow load-model champion -o m")).hasMessageContaining("Not a model URI");
        assertThatThrownBy(() -> magic("%mlflow load-model runs:/" + session.activeRun().orElseThrow().id() + "/model -o m"))
                .hasMessageContaining("No artifacts");
        assertThatThrownBy(() -> magic("%mlflow reproduce " + session.activeRun().orElseThrow().id()))
                .hasMessageContaining("has no lineage");
    }

    private static List<Double> predictions(PipelineModel model, Dataset<Row> data) {
        return model.transform(data).select("prediction").collectAsList().stream().map(r -> r.getDouble(0)).toList();
    }

    private Object magic(String line) {
        return Magics.run(magic, context, line);
    }
}
