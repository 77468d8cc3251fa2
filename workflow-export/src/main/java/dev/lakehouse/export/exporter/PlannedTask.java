package dev.lakehouse.export.exporter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.export.notebook.NotebookJson;
import dev.lakehouse.export.spec.Task;
import dev.lakehouse.export.validation.Problem;
import dev.lakehouse.export.validation.ProblemKind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A task while the exporter assembles it, remembering where each part was declared for error messages. */
final class PlannedTask {

    final String key;
    /** Where the task is declared: its first cell, or its notebook. */
    final String location;
    final String notebookPath;
    final String notebookSha256;
    /** Cell-level: the task's own cells (setup cells are added when the task is built); null for notebook-level. */
    final List<String> ownCellIds;
    /** Dependency key -> where it was declared, in declaration order. */
    final Map<String, String> dependencies = new LinkedHashMap<>();
    private final ObjectNode settings = JsonNodeFactory.instance.objectNode();
    private final Map<String, String> settingLocations = new HashMap<>();

    PlannedTask(String key, String location, String notebookPath, String notebookSha256, List<String> ownCellIds) {
        this.key = key;
        this.location = location;
        this.notebookPath = notebookPath;
        this.notebookSha256 = notebookSha256;
        this.ownCellIds = ownCellIds;
    }

    void addDependencies(List<String> keys, String where) {
        keys.forEach(dependency -> dependencies.putIfAbsent(dependency, where));
    }

    /** Adds task fields from metadata; a field set twice to different values is a problem. */
    void addSettings(ObjectNode more, String where, List<Problem> problems) {
        more.fields().forEachRemaining(field -> {
            JsonNode earlier = settings.get(field.getKey());
            if (earlier != null && !earlier.equals(field.getValue())) {
                problems.add(new Problem(ProblemKind.INVALID_VALUE, where, "task \"" + key + "\" sets " + field.getKey()
                        + " to " + field.getValue() + " here but to " + earlier + " at " + settingLocations.get(field.getKey())));
                return;
            }
            settings.set(field.getKey(), field.getValue());
            settingLocations.putIfAbsent(field.getKey(), where);
        });
    }

    /** The spec task; {@code sharedCellIds} (setup and parameters cells) run before the task's own cells. */
    Task toTask(List<String> sharedCellIds) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("task_key", key);
        if (!dependencies.isEmpty()) {
            ArrayNode dependsOn = json.putArray("depends_on");
            dependencies.keySet().forEach(dependency -> dependsOn.addObject().put("task_key", dependency));
        }
        ObjectNode notebookTask = json.putObject("notebook_task");
        notebookTask.put("notebook_path", notebookPath);
        notebookTask.put("notebook_sha256", notebookSha256);
        if (ownCellIds != null) {
            List<String> cellIds = new ArrayList<>(sharedCellIds);
            cellIds.addAll(ownCellIds);
            ArrayNode ids = notebookTask.putArray("cell_ids");
            cellIds.forEach(ids::add);
        }
        json.setAll(settings);
        try {
            return NotebookJson.MAPPER.treeToValue(json, Task.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("settings were checked against the schema: " + e.getOriginalMessage(), e);
        }
    }
}
