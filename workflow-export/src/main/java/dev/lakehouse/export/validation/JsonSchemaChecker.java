package dev.lakehouse.export.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a JSON value against the subset of JSON Schema (2020-12) our schemas use, collecting every violation with
 * a readable path. Keywords outside that subset are refused when the schema is loaded, so a schema edit can never be
 * silently ignored.
 */
public final class JsonSchemaChecker {

    static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "title", "description", "default", "$defs");
    static final Set<String> ASSERTIONS = Set.of("type", "enum", "properties", "required", "additionalProperties",
            "items", "minItems", "minimum", "maximum", "minLength", "maxLength", "pattern", "$ref");

    private final JsonNode schema;

    public JsonSchemaChecker(JsonNode schema) {
        this.schema = schema;
        requireSupportedKeywords(schema, "#");
    }

    public JsonNode schema() {
        return schema;
    }

    /** All violations; locations are {@code sourceName path}, e.g. {@code job.json tasks[0](ingest).max_retries}. */
    public List<Problem> check(JsonNode value, String sourceName) {
        return checkAndPrune(value, sourceName).problems();
    }

    /**
     * The violations, plus a copy of {@code value} without the parts that cannot be bound to the model (unknown
     * fields, values of the wrong type or outside an enum), so semantic checks can still run on the rest.
     */
    public Checked checkAndPrune(JsonNode value, String sourceName) {
        JsonNode copy = value.deepCopy();
        List<Problem> problems = new ArrayList<>();
        check(schema, copy, new Path(sourceName, ""), problems);
        return new Checked(problems, copy);
    }

    public record Checked(List<Problem> problems, JsonNode pruned) {
    }

    /**
     * Checks {@code value} against one part of the schema (e.g. a property's rule), with problem locations
     * {@code location path}.
     */
    public List<Problem> checkValue(JsonNode rule, JsonNode value, String location) {
        List<Problem> problems = new ArrayList<>();
        check(rule, value.deepCopy(), new Path(location, ""), problems);
        return problems;
    }

    /** The rules of an object definition's properties, e.g. {@code propertiesOf("task")}. */
    public JsonNode propertiesOf(String definition) {
        JsonNode properties = schema.path("$defs").path(definition).path("properties");
        if (properties.isMissingNode()) {
            throw new IllegalArgumentException("the schema has no object definition " + definition);
        }
        return properties;
    }

    private record Path(String source, String path) {
        Path field(String name) {
            return new Path(source, path.isEmpty() ? name : path + "." + name);
        }

        Path element(int index, JsonNode element) {
            JsonNode key = element.get("task_key");
            String label = key != null && key.isTextual() ? "(" + key.asText() + ")" : "";
            return new Path(source, path + "[" + index + "]" + label);
        }

        String location() {
            return path.isEmpty() ? source : source + " " + path;
        }
    }

    /** Resolves a {@code $ref} of the form {@code #/$defs/name}. */
    public JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        while (current.has("$ref")) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#/$defs/")) {
                throw new IllegalArgumentException("only local #/$defs/ references are supported: " + ref);
            }
            JsonNode target = schema.path("$defs").get(ref.substring("#/$defs/".length()));
            if (target == null) {
                throw new IllegalArgumentException("unresolved schema reference " + ref);
            }
            current = target;
        }
        return current;
    }

    /** Checks one value; false when it cannot be bound at all (wrong type, not in the enum). */
    private boolean check(JsonNode rawSchema, JsonNode value, Path path, List<Problem> problems) {
        JsonNode rule = resolve(rawSchema);
        if (rule.has("type") && !typeMatches(rule.get("type"), value)) {
            problems.add(new Problem(ProblemKind.INVALID_VALUE, path.location(),
                    "expected " + rule.get("type").asText() + ", got " + describe(value)));
            return false;
        }
        if (rule.has("enum") && !checkEnum(rule.get("enum"), value, path, problems)) {
            return false;
        }
        if (value.isTextual()) {
            checkString(rule, value.asText(), path, problems);
        } else if (value.isNumber()) {
            checkNumber(rule, value.decimalValue(), path, problems);
        } else if (value.isArray()) {
            checkArray(rule, value, path, problems);
        } else if (value.isObject()) {
            checkObject(rule, (ObjectNode) value, path, problems);
        }
        return true;
    }

    private boolean checkEnum(JsonNode allowed, JsonNode value, Path path, List<Problem> problems) {
        List<String> names = new ArrayList<>();
        for (JsonNode option : allowed) {
            if (option.equals(value)) {
                return true;
            }
            names.add(option.asText());
        }
        String shown = value.isTextual() ? "\"" + value.asText() + "\"" : describe(value);
        String hint = value.isTextual() ? DidYouMean.hint(value.asText(), names) : "";
        problems.add(new Problem(ProblemKind.INVALID_VALUE, path.location(),
                shown + " is not one of " + String.join(", ", names) + hint));
        return false;
    }

    private void checkString(JsonNode rule, String text, Path path, List<Problem> problems) {
        int length = text.codePointCount(0, text.length());
        if (rule.has("minLength") && length < rule.get("minLength").asInt()) {
            problems.add(new Problem(ProblemKind.INVALID_VALUE, path.location(), text.isEmpty()
                    ? "must not be empty" : "must be at least " + rule.get("minLength").asInt() + " characters long"));
        }
        if (rule.has("maxLength") && length > rule.get("maxLength").asInt()) {
            problems.add(new Problem(ProblemKind.INVALID_VALUE, path.location(),
                    "must be at most " + rule.get("maxLength").asInt() + " characters long"));
        }
        if (rule.has("pattern") && !Pattern.compile(rule.get("pattern").asText()).matcher(text).find()) {
            problems.add(new Problem(ProblemKind.INVALID_VALUE, path.location(),
                    "\"" + text + "\" does not match " + rule.get("pattern").asText()));
        }
    }

    private void checkNumber(JsonNode rule, BigDecimal number, Path path, List<Problem> problems) {
        if (rule.has("minimum") && number.compareTo(rule.get("minimum").decimalValue()) < 0) {
            problems.add(new Problem(ProblemKind.INVALID_VALUE, path.location(),
                    "must be >= " + rule.get("minimum").asText() + ", got " + number.toPlainString()));
        }
        if (rule.has("maximum") && number.compareTo(rule.get("maximum").decimalValue()) > 0) {
            problems.add(new Problem(ProblemKind.INVALID_VALUE, path.location(),
                    "must be <= " + rule.get("maximum").asText() + ", got " + number.toPlainString()));
        }
    }

    private void checkArray(JsonNode rule, JsonNode array, Path path, List<Problem> problems) {
        if (rule.has("minItems") && array.size() < rule.get("minItems").asInt()) {
            problems.add(new Problem(ProblemKind.INVALID_VALUE, path.location(),
                    "needs at least " + rule.get("minItems").asInt() + (rule.get("minItems").asInt() == 1 ? " entry" : " entries")));
        }
        if (rule.has("items")) {
            List<Integer> unbindable = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                if (!check(rule.get("items"), array.get(i), path.element(i, array.get(i)), problems)) {
                    unbindable.add(0, i);
                }
            }
            unbindable.forEach(i -> ((ArrayNode) array).remove(i));
        }
    }

    private void checkObject(JsonNode rule, ObjectNode object, Path path, List<Problem> problems) {
        JsonNode properties = rule.path("properties");
        if (rule.has("required")) {
            for (JsonNode required : rule.get("required")) {
                if (!object.has(required.asText())) {
                    problems.add(new Problem(ProblemKind.MISSING_FIELD, path.location(),
                            "missing required field \"" + required.asText() + "\""));
                }
            }
        }
        JsonNode additional = rule.get("additionalProperties");
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            JsonNode value = object.get(name);
            Path fieldPath = path.field(name);
            boolean bindable = true;
            if (properties.has(name)) {
                bindable = check(properties.get(name), value, fieldPath, problems);
            } else if (additional != null && additional.isObject()) {
                bindable = check(additional, value, fieldPath, problems);
            } else if (additional != null && !additional.asBoolean(true)) {
                List<String> known = new ArrayList<>();
                properties.fieldNames().forEachRemaining(known::add);
                String hint = DidYouMean.closest(name, known).isPresent()
                        ? DidYouMean.hint(name, known) : "; known fields: " + String.join(", ", known);
                problems.add(new Problem(ProblemKind.UNKNOWN_FIELD, path.location(), "unknown field \"" + name + "\"" + hint));
                bindable = false;
            }
            if (!bindable) {
                object.remove(name);
            }
        }
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode option : type) {
                if (typeMatches(option, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> throw new IllegalArgumentException("unknown schema type " + type.asText());
        };
    }

    static String describe(JsonNode value) {
        if (value.isTextual()) {
            return "string \"" + value.asText() + "\"";
        }
        if (value.isIntegralNumber()) {
            return "integer " + value.asText();
        }
        if (value.isNumber()) {
            return "number " + value.decimalValue().toPlainString();
        }
        if (value.isBoolean()) {
            return "boolean " + value.asText();
        }
        if (value.isNull()) {
            return "null";
        }
        return value.isArray() ? "an array" : "an object";
    }

    private static void requireSupportedKeywords(JsonNode node, String where) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String keyword = names.next();
            if (!ANNOTATIONS.contains(keyword) && !ASSERTIONS.contains(keyword)) {
                throw new IllegalArgumentException("schema keyword \"" + keyword + "\" at " + where + " is not supported");
            }
        }
        node.path("$defs").fields().forEachRemaining(e -> requireSupportedKeywords(e.getValue(), where + "/$defs/" + e.getKey()));
        node.path("properties").fields().forEachRemaining(e -> requireSupportedKeywords(e.getValue(), where + "/properties/" + e.getKey()));
        if (node.path("items").isObject()) {
            requireSupportedKeywords(node.get("items"), where + "/items");
        }
        if (node.path("additionalProperties").isObject()) {
            requireSupportedKeywords(node.get("additionalProperties"), where + "/additionalProperties");
        }
    }
}
