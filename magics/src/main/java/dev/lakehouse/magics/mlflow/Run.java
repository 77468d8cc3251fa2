package dev.lakehouse.magics.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run as {@code runs/get} or {@code runs/search} report it: identity, state, where its artifacts
 * live, and the latest value of each metric, each param and tag.
 */
public record Run(String id, String experimentId, String name, RunStatus status, long startTime, long endTime,
                  String artifactUri, Map<String, Double> metrics, Map<String, String> params, Map<String, String> tags) {

    static Run fromJson(JsonNode run) {
        JsonNode info = run.path("info");
        JsonNode data = run.path("data");
        Map<String, Double> metrics = new LinkedHashMap<>();
        data.path("metrics").forEach(m -> metrics.put(m.path("key").asText(), m.path("value").asDouble()));
        return new Run(info.path("run_id").asText(info.path("run_uuid").asText()), info.path("experiment_id").asText(),
                info.path("run_name").asText(""), RunStatus.valueOf(info.path("status").asText("RUNNING")),
                info.path("start_time").asLong(0), info.path("end_time").asLong(0), info.path("artifact_uri").asText(""),
                metrics, keyValues(data.path("params")), keyValues(data.path("tags")));
    }

    private static Map<String, String> keyValues(JsonNode list) {
        Map<String, String> values = new LinkedHashMap<>();
        list.forEach(kv -> values.put(kv.path("key").asText(), kv.path("value").asText()));
        return values;
    }
}
