package dev.lakehouse.export.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.export.testing.Resources;
import dev.lakehouse.export.validation.JsonSchemaChecker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * docs/job-spec.schema.json and the Java model describe the same format: the same fields per object, the same enum
 * values, and every golden spec validates against the schema.
 */
class SchemaConsistencyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaChecker SCHEMA = JobSpecJson.schema();

    static Stream<Arguments> modelObjects() {
        JsonNode root = SCHEMA.schema();
        return Stream.of(
                Arguments.of(JobSpec.class, root.get("properties")),
                Arguments.of(Task.class, SCHEMA.propertiesOf("task")),
                Arguments.of(TaskDependency.class, SCHEMA.propertiesOf("dependency")),
                Arguments.of(NotebookTask.class, SCHEMA.propertiesOf("notebook_task")),
                Arguments.of(Schedule.class, SCHEMA.propertiesOf("schedule")),
                Arguments.of(JobParameter.class, SCHEMA.propertiesOf("parameter")),
                Arguments.of(EmailNotifications.class, SCHEMA.propertiesOf("email_notifications")),
                Arguments.of(WebhookNotifications.class, SCHEMA.propertiesOf("webhook_notifications")),
                Arguments.of(Webhook.class, SCHEMA.propertiesOf("webhook")),
                Arguments.of(QueueSettings.class, root.get("properties").get("queue").get("properties")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modelObjects")
    void recordFieldsAreExactlyTheSchemaProperties(Class<? extends Record> type, JsonNode schemaProperties) {
        Set<String> modelFields = new TreeSet<>();
        JSON.getSerializationConfig().introspect(JSON.constructType(type)).findProperties()
                .forEach(property -> modelFields.add(property.getName()));
        Set<String> readFields = new TreeSet<>();
        JSON.getDeserializationConfig().introspect(JSON.constructType(type)).findProperties().stream()
                .filter(property -> property.couldDeserialize())
                .forEach(property -> readFields.add(property.getName()));
        assertThat(readFields).as("fields Jackson reads").isEqualTo(modelFields);
        Set<String> schemaFields = new TreeSet<>();
        schemaProperties.fieldNames().forEachRemaining(schemaFields::add);
        assertThat(modelFields).isEqualTo(schemaFields);
    }

    static Stream<Arguments> enums() {
        JsonNode tasks = SCHEMA.propertiesOf("task");
        JsonNode schedule = SCHEMA.propertiesOf("schedule");
        return Stream.of(
                Arguments.of(RunIf.class, tasks.get("run_if")),
                Arguments.of(PauseStatus.class, schedule.get("pause_status")),
                Arguments.of(CatchUpPolicy.class, schedule.get("catch_up_policy")),
                Arguments.of(NotebookSource.class, SCHEMA.propertiesOf("notebook_task").get("source")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("enums")
    void enumValuesMatch(Class<? extends Enum<?>> type, JsonNode schemaEnum) {
        Set<String> schemaValues = new TreeSet<>();
        schemaEnum.get("enum").forEach(value -> schemaValues.add(value.asText()));
        Set<String> javaValues = new TreeSet<>();
        Arrays.stream(type.getEnumConstants()).forEach(value -> javaValues.add(value.name()));
        assertThat(javaValues).isEqualTo(schemaValues);
    }

    static Stream<Path> specFiles() throws IOException {
        try (Stream<Path> golden = Files.list(Resources.GOLDEN)) {
            return Stream.concat(golden.toList().stream(), Stream.of(Resources.TEST_RESOURCES.resolve("specs/full.job.json")));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specFiles")
    void goldenAndExampleSpecsSatisfyTheSchema(Path spec) throws IOException {
        assertThat(SCHEMA.check(JSON.readTree(spec.toFile()), spec.getFileName().toString())).isEmpty();
    }

    @Test
    void fullSpecCoversEverySchemaProperty() throws IOException {
        JsonNode full = JSON.readTree(Resources.TEST_RESOURCES.resolve("specs/full.job.json").toFile());
        Map<JsonNode, Set<String>> usedByRule = new IdentityHashMap<>();
        collectUsed(SCHEMA.schema(), full, usedByRule);
        Set<String> unused = new TreeSet<>();
        usedByRule.forEach((rule, used) -> rule.get("properties").fieldNames().forEachRemaining(name -> {
            if (!used.contains(name)) {
                unused.add(name);
            }
        }));
        assertThat(unused).as("schema properties the full example never uses").isEmpty();
        assertThat(usedByRule.size()).as("object rules reached: the root, queue and eight definitions").isEqualTo(10);
    }

    /** Walks schema and instance together, recording for each object rule the properties the instance sets. */
    private static void collectUsed(JsonNode rule, JsonNode value, Map<JsonNode, Set<String>> usedByRule) {
        JsonNode resolved = SCHEMA.resolve(rule);
        if (value.isObject() && resolved.has("properties")) {
            Set<String> used = usedByRule.computeIfAbsent(resolved, r -> new TreeSet<>());
            resolved.get("properties").fields().forEachRemaining(property -> {
                if (value.has(property.getKey())) {
                    used.add(property.getKey());
                    collectUsed(property.getValue(), value.get(property.getKey()), usedByRule);
                }
            });
        }
        if (value.isArray() && resolved.has("items")) {
            value.forEach(element -> collectUsed(resolved.get("items"), element, usedByRule));
        }
    }

    @Test
    void theCheckerRefusesKeywordsItDoesNotImplement() throws IOException {
        JsonNode schema = JSON.readTree("{\"type\": \"object\", \"properties\": {\"a\": {\"oneOf\": []}}}");
        assertThatThrownBy(() -> new JsonSchemaChecker(schema))
                .hasMessageContaining("\"oneOf\"").hasMessageContaining("#/properties/a");
    }

    @Test
    void packagedSchemaIsTheOneInDocs() throws IOException {
        JsonNode docs = JSON.readTree(Resources.REPO.resolve("docs/job-spec.schema.json").toFile());
        assertThat(SCHEMA.schema()).isEqualTo(docs);
    }
}
