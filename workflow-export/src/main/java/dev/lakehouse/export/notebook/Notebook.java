package dev.lakehouse.export.notebook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An nbformat 4 notebook backed by its JSON tree, so reading then writing keeps every field, including those this
 * class does not model. {@link #cells()} returns views whose setters change this notebook.
 */
public final class Notebook {

    private final ObjectNode json;

    private Notebook(ObjectNode json) {
        this.json = json;
    }

    public static Notebook read(Path path) throws IOException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new NotebookFormatException(path + ": no such notebook file");
        }
        return parse(text, path.toString());
    }

    /** Parses notebook JSON; {@code sourceName} only labels error messages. */
    public static Notebook parse(String text, String sourceName) throws NotebookFormatException {
        JsonNode root;
        try {
            root = NotebookJson.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new NotebookFormatException(sourceName + ": not valid JSON (" + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ")");
        }
        if (!(root instanceof ObjectNode object)) {
            throw new NotebookFormatException(sourceName + ": a notebook must be a JSON object");
        }
        int major = object.path("nbformat").asInt(-1);
        if (major != 4) {
            throw new NotebookFormatException(sourceName + ": nbformat " + (major < 0 ? "missing" : major)
                    + " is not supported; convert it with `jupyter nbconvert --to notebook --nbformat 4`");
        }
        JsonNode cells = object.get("cells");
        if (cells == null || !cells.isArray()) {
            throw new NotebookFormatException(sourceName + ": \"cells\" must be an array");
        }
        for (int i = 0; i < cells.size(); i++) {
            JsonNode cell = cells.get(i);
            if (!cell.isObject() || !cell.path("cell_type").isTextual()) {
                throw new NotebookFormatException(sourceName + " cells[" + i + "]: a cell must be an object with a cell_type");
            }
            JsonNode source = cell.get("source");
            boolean sourceOk = source == null || source.isTextual()
                    || (source.isArray() && allTextual(source));
            if (!sourceOk) {
                throw new NotebookFormatException(sourceName + " cells[" + i + "]: source must be a string or a list of strings");
            }
        }
        return new Notebook(object);
    }

    /** An empty nbformat 4.5 notebook for the given kernel. */
    public static Notebook create(String kernelName, String language) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.putArray("cells");
        ObjectNode metadata = root.putObject("metadata");
        ObjectNode kernelspec = metadata.putObject("kernelspec");
        kernelspec.put("display_name", kernelName);
        kernelspec.put("language", language);
        kernelspec.put("name", kernelName);
        metadata.putObject("language_info").put("name", language);
        root.put("nbformat", 4);
        root.put("nbformat_minor", 5);
        return new Notebook(root);
    }

    private static boolean allTextual(JsonNode array) {
        for (JsonNode element : array) {
            if (!element.isTextual()) {
                return false;
            }
        }
        return true;
    }

    /** nbformat's layout: one-space indent, trailing newline. */
    public String toJson() {
        try {
            return NotebookJson.PRETTY.writeValueAsString(json) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void write(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(path, toJson(), StandardCharsets.UTF_8);
    }

    /** The live JSON tree. */
    public ObjectNode json() {
        return json;
    }

    public int nbformatMinor() {
        return json.path("nbformat_minor").asInt(0);
    }

    /** Cell ids exist from nbformat 4.5 on; older notebooks must not carry them. */
    public boolean supportsCellIds() {
        return nbformatMinor() >= 5;
    }

    /** The notebook-level metadata object, created when missing. */
    public ObjectNode metadata() {
        JsonNode metadata = json.get("metadata");
        if (metadata instanceof ObjectNode object) {
            return object;
        }
        return json.putObject("metadata");
    }

    public Optional<String> kernelName() {
        return textAt(json.path("metadata").path("kernelspec").path("name"));
    }

    /** {@code language_info.name}, else {@code kernelspec.language}. */
    public Optional<String> language() {
        return textAt(json.path("metadata").path("language_info").path("name"))
                .or(() -> textAt(json.path("metadata").path("kernelspec").path("language")));
    }

    private static Optional<String> textAt(JsonNode node) {
        return node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
    }

    private ArrayNode cellArray() {
        return (ArrayNode) json.get("cells");
    }

    /** Views over the cells, in order; the list itself is a snapshot, use insert/remove to change it. */
    public List<Cell> cells() {
        List<Cell> cells = new ArrayList<>();
        cellArray().forEach(node -> cells.add(new Cell((ObjectNode) node)));
        return List.copyOf(cells);
    }

    public Cell cell(int index) {
        return new Cell((ObjectNode) cellArray().get(index));
    }

    public int cellCount() {
        return cellArray().size();
    }

    public void insertCell(int index, Cell cell) {
        cellArray().insert(index, cell.json());
    }

    public void addCell(Cell cell) {
        cellArray().add(cell.json());
    }

    public void removeCell(int index) {
        cellArray().remove(index);
    }

    public OptionalInt indexOfCellId(String id) {
        ArrayNode cells = cellArray();
        for (int i = 0; i < cells.size(); i++) {
            if (id.equals(cells.get(i).path("id").asText(null))) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    /** Index of the first cell carrying {@code tag}. */
    public OptionalInt indexOfFirstTagged(String tag) {
        List<Cell> cells = cells();
        for (int i = 0; i < cells.size(); i++) {
            if (cells.get(i).hasTag(tag)) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    /** An independent deep copy. */
    public Notebook copy() {
        return new Notebook(json.deepCopy());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Notebook notebook && notebook.json.equals(json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }
}
