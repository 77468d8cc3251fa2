package dev.lakehouse.jobs.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes small Java notebooks for job tests: cells with ids, tags and optional metadata.lakehouse. */
public final class Notebooks {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<ObjectNode> cells = new ArrayList<>();

    public static Notebooks create() {
        return new Notebooks();
    }

    public Notebooks cell(String id, String source, String... tags) {
        return cell(id, source, null, tags);
    }

    /** A cell whose {@code metadata.lakehouse} carries task settings such as max_retries. */
    public Notebooks cell(String id, String source, Map<String, Object> lakehouse, String... tags) {
        ObjectNode cell = JSON.createObjectNode();
        cell.put("cell_type", "code");
        cell.put("id", id);
        ObjectNode metadata = cell.putObject("metadata");
        ArrayNode tagList = metadata.putArray("tags");
        for (String tag : tags) {
            tagList.add(tag);
        }
        if (lakehouse != null) {
            metadata.set("lakehouse", JSON.valueToTree(lakehouse));
        }
        cell.put("source", source);
        cell.putNull("execution_count");
        cell.putArray("outputs");
        cells.add(cell);
        return this;
    }

    public Path write(Path file) throws IOException {
        ObjectNode notebook = JSON.createObjectNode();
        notebook.put("nbformat", 4);
        notebook.put("nbformat_minor", 5);
        ObjectNode metadata = notebook.putObject("metadata");
        metadata.putObject("kernelspec").put("name", "lakehouse-java").put("display_name", "Java (Lakehouse)")
                .put("language", "java");
        metadata.putObject("language_info").put("name", "java");
        ArrayNode list = notebook.putArray("cells");
        cells.forEach(list::add);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(notebook));
        return file;
    }
}
