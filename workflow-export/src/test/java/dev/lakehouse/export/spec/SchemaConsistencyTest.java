package dev.lakehouse.export.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.export.testing.Resources;
import dev.lakehouse.export.validation.JsonSchemaChecker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
        for (RecordComponent component : type.getRecordComponents()) {
            modelFields.add(component.getAnnotation(JsonProperty.class).value());
        }
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
        Set<String> missing = new TreeSet<>();
        collectUncovered(SCHEMA.schema(), full, "", missing);
        assertThat(missing).as("schema properties the full example never uses").isEmpty();
    }

    /** Walks schema and instance together, noting declared properties the instance never sets. */
    private static void collectUncovered(JsonNode rule, JsonNode value, String path, Set<String> missing) {
        JsonNode resolved = SCHEMA.resolve(rule);
        if (value.isObject() && resolved.has("properties")) {
            resolved.get("properties").fields().forEachRemaining(property -> {
                if (!value.has(property.getKey())) {
                    missing.add(path + "." + property.getKey());
                } else {
                    collectUncovered(property.getValue(), value.get(property.getKey()), path + "." + property.getKey(), missing);
                }
            });
        }
        if (value.isArray() && resolved.has("items") && !value.isEmpty()) {
            Set<String> missingInEveryElement = null;
            for (JsonNode element : value) {
                Set<String> elementMissing = new TreeSet<>();
                collectUncovered(resolved.get("items"), element, path + "[]", elementMissing);
                if (missingInEveryElement == null) {
                    missingInEveryElement = elementMissing;
                } else {
                    missingInEveryElement.retainAll(elementMissing);
                }
            }
            missing.addAll(missingInEveryElement);
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
