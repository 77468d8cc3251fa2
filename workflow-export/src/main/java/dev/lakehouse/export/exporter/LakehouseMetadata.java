package dev.lakehouse.export.exporter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.export.spec.JobSpecJson;
import dev.lakehouse.export.validation.DidYouMean;
import dev.lakehouse.export.validation.Problem;
import dev.lakehouse.export.validation.ProblemKind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@code metadata.lakehouse} object of a cell or notebook: {@code task} (or {@code task_key}),
 * {@code depends} (or {@code depends_on}; a list or a comma-separated string) and any task field of the job spec
 * such as {@code max_retries} or {@code timeout_seconds}. Unknown keys and ill-typed values are problems.
 */
final class LakehouseMetadata {

    private static final Set<String> TASK_KEY_NAMES = Set.of("task", "task_key");
    private static final Set<String> DEPENDS_NAMES = Set.of("depends", "depends_on");
    /** Spec task fields the exporter fills in itself. */
    private static final Set<String> DERIVED_FIELDS = Set.of("task_key", "depends_on", "notebook_task");

    private LakehouseMetadata() {
    }

    static TaskDeclaration read(JsonNode lakehouse, String location, List<Problem> problems) {
        String where = location + " metadata.lakehouse";
        ObjectNode settings = JsonNodeFactory.instance.objectNode();
        if (!lakehouse.isObject()) {
            problems.add(new Problem(ProblemKind.INVALID_VALUE, where, "must be an object such as {\"task\": \"ingest\"}"));
            return new TaskDeclaration(null, null, settings);
        }
        JsonNode taskRules = JobSpecJson.schema().propertiesOf("task");
        String taskKey = null;
        List<String> depends = null;
        Iterator<Map.Entry<String, JsonNode>> fields = lakehouse.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (TASK_KEY_NAMES.contains(name)) {
                if (value.isTextual()) {
                    taskKey = value.asText();
                } else {
                    problems.add(new Problem(ProblemKind.INVALID_VALUE, where + "." + name, "must be a task key string"));
                }
            } else if (DEPENDS_NAMES.contains(name)) {
                depends = dependencyList(value, where + "." + name, problems);
            } else if (taskRules.has(name) && !DERIVED_FIELDS.contains(name)) {
                List<Problem> valueProblems = JobSpecJson.schema().checkValue(taskRules.get(name), value, where + "." + name);
                problems.addAll(valueProblems);
                if (valueProblems.isEmpty()) {
                    settings.set(name, value);
                }
            } else {
                problems.add(new Problem(ProblemKind.UNKNOWN_FIELD, where,
                        "unknown key \"" + name + "\"" + DidYouMean.hint(name, knownKeys(taskRules))));
            }
        }
        return new TaskDeclaration(taskKey, depends, settings);
    }

    /** A comma-separated list as used by {@code depends=a,b} tags and string metadata; blanks dropped. */
    static List<String> splitKeys(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static List<String> dependencyList(JsonNode value, String where, List<Problem> problems) {
        if (value.isTextual()) {
            return splitKeys(value.asText());
        }
        List<String> keys = new ArrayList<>();
        if (value.isArray()) {
            for (JsonNode element : value) {
                if (!element.isTextual()) {
                    problems.add(new Problem(ProblemKind.INVALID_VALUE, where, "must list task keys as strings"));
                    return keys;
                }
                keys.add(element.asText());
            }
            return keys;
        }
        problems.add(new Problem(ProblemKind.INVALID_VALUE, where, "must be a list of task keys or a comma-separated string"));
        return keys;
    }

    private static List<String> knownKeys(JsonNode taskRules) {
        List<String> known = new ArrayList<>(List.of("task", "depends"));
        taskRules.fieldNames().forEachRemaining(name -> {
            if (!DERIVED_FIELDS.contains(name)) {
                known.add(name);
            }
        });
        return known;
    }
}
