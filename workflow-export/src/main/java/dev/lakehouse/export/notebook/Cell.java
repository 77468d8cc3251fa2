package dev.lakehouse.export.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A view over one cell's JSON object. Reads and writes go straight to the underlying tree, so every field we do not
 * model (attachments, widget state, other tools' metadata) survives a read/write unchanged.
 */
public final class Cell {

    public static final String CODE = "code";
    public static final String MARKDOWN = "markdown";
    public static final String RAW = "raw";

    private final ObjectNode json;

    Cell(ObjectNode json) {
        this.json = json;
    }

    /** A new empty-output code cell; {@code id} may be null for notebooks older than nbformat 4.5. */
    public static Cell newCode(String id, String source, List<String> tags) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("cell_type", CODE);
        node.putNull("execution_count");
        if (id != null) {
            node.put("id", id);
        }
        ObjectNode metadata = node.putObject("metadata");
        if (!tags.isEmpty()) {
            ArrayNode tagArray = metadata.putArray("tags");
            tags.forEach(tagArray::add);
        }
        node.putArray("outputs");
        Cell cell = new Cell(node);
        cell.setSource(source);
        return cell;
    }

    public static Cell newMarkdown(String id, String source) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("cell_type", MARKDOWN);
        if (id != null) {
            node.put("id", id);
        }
        node.putObject("metadata");
        Cell cell = new Cell(node);
        cell.setSource(source);
        return cell;
    }

    /** The live JSON object of this cell. */
    public ObjectNode json() {
        return json;
    }

    public Optional<String> id() {
        JsonNode id = json.get("id");
        return id != null && id.isTextual() ? Optional.of(id.asText()) : Optional.empty();
    }

    public String cellType() {
        return json.path("cell_type").asText();
    }

    public boolean isCode() {
        return CODE.equals(cellType());
    }

    public boolean isMarkdown() {
        return MARKDOWN.equals(cellType());
    }

    /** The source as one string; on disk it may be a string or a list of lines. */
    public String source() {
        JsonNode source = json.get("source");
        if (source == null || source.isNull()) {
            return "";
        }
        if (source.isTextual()) {
            return source.asText();
        }
        StringBuilder text = new StringBuilder();
        source.forEach(line -> text.append(line.asText()));
        return text.toString();
    }

    /** Sets the source as a list of lines, each keeping its newline, as nbformat writes it. */
    public void setSource(String source) {
        ArrayNode lines = json.putArray("source");
        splitLines(source).forEach(lines::add);
    }

    /** The cell's metadata object, created when missing. */
    public ObjectNode metadata() {
        JsonNode metadata = json.get("metadata");
        if (metadata instanceof ObjectNode object) {
            return object;
        }
        return json.putObject("metadata");
    }

    public List<String> metadataKeys() {
        List<String> keys = new ArrayList<>();
        JsonNode metadata = json.get("metadata");
        if (metadata != null) {
            metadata.fieldNames().forEachRemaining(keys::add);
        }
        return keys;
    }

    /** {@code metadata[key]} if present. */
    public Optional<JsonNode> metadataValue(String key) {
        JsonNode metadata = json.get("metadata");
        return metadata == null || !metadata.has(key) ? Optional.empty() : Optional.of(metadata.get(key));
    }

    /** The {@code metadata.tags} strings, in order. */
    public List<String> tags() {
        List<String> tags = new ArrayList<>();
        JsonNode tagArray = json.path("metadata").path("tags");
        if (tagArray.isArray()) {
            tagArray.forEach(tag -> {
                if (tag.isTextual()) {
                    tags.add(tag.asText());
                }
            });
        }
        return tags;
    }

    public boolean hasTag(String tag) {
        return tags().contains(tag);
    }

    public void setTags(List<String> tags) {
        if (tags.isEmpty()) {
            metadata().remove("tags");
            return;
        }
        ArrayNode tagArray = metadata().putArray("tags");
        tags.forEach(tagArray::add);
    }

    /** The outputs array of a code cell, created when missing. */
    public ArrayNode outputs() {
        JsonNode outputs = json.get("outputs");
        if (outputs instanceof ArrayNode array) {
            return array;
        }
        return json.putArray("outputs");
    }

    public Optional<Integer> executionCount() {
        JsonNode count = json.get("execution_count");
        return count != null && count.isIntegralNumber() ? Optional.of(count.asInt()) : Optional.empty();
    }

    /** Sets the execution count; {@code null} writes JSON null as nbformat requires for unexecuted code cells. */
    public void setExecutionCount(Integer count) {
        if (count == null) {
            json.putNull("execution_count");
        } else {
            json.put("execution_count", count);
        }
    }

    /** An independent copy of this cell. */
    public Cell copy() {
        return new Cell(json.deepCopy());
    }

    static List<String> splitLines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    @Override
    public String toString() {
        return "Cell" + json;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cell cell && cell.json.equals(json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }
}
