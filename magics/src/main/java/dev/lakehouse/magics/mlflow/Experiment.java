package dev.lakehouse.magics.mlflow;

import com.fasterxml.jackson.databind.JsonNode;

/** An MLflow experiment as the server reports it. */
public record Experiment(String id, String name, String artifactLocation, String lifecycleStage) {
    static Experiment fromJson(JsonNode e) {
        return new Experiment(e.path("experiment_id").asText(), e.path("name").asText(),
                e.path("artifact_location").asText(""), e.path("lifecycle_stage").asText("active"));
    }
}
