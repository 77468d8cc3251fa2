package dev.lakehouse.magics.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A version of a registered model: where its files are ({@code source}) and which run made it. */
public record ModelVersion(String name, String version, String source, String runId, String status, List<String> aliases) {
    static ModelVersion fromJson(JsonNode v) {
        List<String> aliases = new ArrayList<>();
        v.path("aliases").forEach(a -> aliases.add(a.asText()));
        return new ModelVersion(v.path("name").asText(), v.path("version").asText(), v.path("source").asText(),
                v.path("run_id").asText(""), v.path("status").asText(""), List.copyOf(aliases));
    }
}
