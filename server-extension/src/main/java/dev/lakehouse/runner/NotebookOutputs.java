package dev.lakehouse.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.export.notebook.NotebookJson;
import dev.lakehouse.kernel.engine.OutputSink;
import dev.lakehouse.magics.api.DisplayData;
import java.util.Map;

/**
 * Collects one cell's outputs as nbformat output objects, the way a frontend would: adjacent
 * stream text merges, display updates replace the display with the same id, and
 * {@code clear_output(wait=True)} clears when the next output arrives.
 */
final class NotebookOutputs implements OutputSink {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final ArrayNode outputs;
    private boolean clearPending;

    NotebookOutputs(ArrayNode outputs) {
        this.outputs = outputs;
    }

    @Override
    public synchronized void stream(String name, String text) {
        applyPendingClear();
        if (!outputs.isEmpty()) {
            JsonNode last = outputs.get(outputs.size() - 1);
            if ("stream".equals(last.path("output_type").asText()) && name.equals(last.path("name").asText())) {
                ((ObjectNode) last).put("text", last.path("text").asText() + text);
                return;
            }
        }
        ObjectNode o = outputs.addObject();
        o.put("output_type", "stream");
        o.put("name", name);
        o.put("text", text);
    }

    @Override
    public synchronized void display(DisplayData data, String displayId, boolean update) {
        if (update) {
            for (JsonNode o : outputs) {
                if (displayId != null && displayId.equals(o.path("metadata").path("lakehouse_display_id").asText(null))) {
                    ((ObjectNode) o).set("data", mimeBundle(data));
                }
            }
            return;
        }
        applyPendingClear();
        ObjectNode o = outputs.addObject();
        o.put("output_type", "display_data");
        o.set("data", mimeBundle(data));
        ObjectNode metadata = NotebookJson.MAPPER.valueToTree(data.metadata());
        if (displayId != null) {
            metadata.put("lakehouse_display_id", displayId);
        }
        o.set("metadata", metadata);
    }

    synchronized void result(DisplayData data, int executionCount) {
        applyPendingClear();
        ObjectNode o = outputs.addObject();
        o.put("output_type", "execute_result");
        o.put("execution_count", executionCount);
        o.set("data", mimeBundle(data));
        o.set("metadata", NotebookJson.MAPPER.valueToTree(data.metadata()));
    }

    synchronized void error(String name, String value, java.util.List<String> traceback) {
        applyPendingClear();
        ObjectNode o = outputs.addObject();
        o.put("output_type", "error");
        o.put("ename", name);
        o.put("evalue", value);
        ArrayNode tb = o.putArray("traceback");
        traceback.forEach(tb::add);
    }

    @Override
    public synchronized void clearOutput(boolean wait) {
        if (wait) {
            clearPending = true;
        } else {
            outputs.removeAll();
        }
    }

    private void applyPendingClear() {
        if (clearPending) {
            outputs.removeAll();
            clearPending = false;
        }
    }

    private static ObjectNode mimeBundle(DisplayData data) {
        ObjectNode bundle = JSON.objectNode();
        for (Map.Entry<String, Object> e : data.data().entrySet()) {
            bundle.set(e.getKey(), NotebookJson.MAPPER.valueToTree(e.getValue()));
        }
        return bundle;
    }
}
