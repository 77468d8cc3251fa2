package dev.lakehouse.export.notebook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The content hash that pins a notebook in a job spec ({@code notebook_task.notebook_sha256}).
 *
 * <p>It covers what a job runs and how the exporter reads it: for every code cell its id, source, tags and
 * {@code metadata.lakehouse}. Outputs, execution counts, markdown and other metadata are left out, so running or
 * re-saving a notebook, or editing its prose, does not break the pin; editing code does.
 */
public final class NotebookHasher {

    private NotebookHasher() {
    }

    /** Lower-case hex SHA-256 of the canonical form described above. */
    public static String sha256(Notebook notebook) {
        try {
            byte[] canonical = NotebookJson.MAPPER.writeValueAsBytes(canonicalForm(notebook));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash notebook", e);
        }
    }

    static ArrayNode canonicalForm(Notebook notebook) {
        ArrayNode cells = JsonNodeFactory.instance.arrayNode();
        for (Cell cell : notebook.cells()) {
            if (!cell.isCode()) {
                continue;
            }
            ObjectNode canonical = cells.addObject();
            canonical.put("id", cell.id().orElse(""));
            canonical.put("source", cell.source());
            ArrayNode tags = canonical.putArray("tags");
            cell.tags().forEach(tags::add);
            cell.metadataValue(CellTags.METADATA_KEY).ifPresent(value -> canonical.set("lakehouse", value));
        }
        return cells;
    }
}
