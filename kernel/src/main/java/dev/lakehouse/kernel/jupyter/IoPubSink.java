package dev.lakehouse.kernel.jupyter;

import dev.lakehouse.kernel.engine.OutputSink;
import dev.lakehouse.kernel.protocol.Channel;
import dev.lakehouse.kernel.protocol.Message;
import dev.lakehouse.kernel.protocol.ZmqTransport;
import dev.lakehouse.magics.api.DisplayData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Publishes one request's outputs on iopub, each with that request as parent. */
final class IoPubSink implements OutputSink {
    private final ZmqTransport transport;
    private final Message parent;

    IoPubSink(ZmqTransport transport, Message parent) {
        this.transport = transport;
        this.parent = parent;
    }

    void publish(String type, Map<String, Object> content) {
        transport.send(Channel.IOPUB, transport.codec().create(type, parent, content, List.of()));
    }

    @Override
    public void stream(String name, String text) {
        publish("stream", Map.of("name", name, "text", text));
    }

    @Override
    public void display(DisplayData data, String displayId, boolean update) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("data", data.data());
        content.put("metadata", data.metadata());
        content.put("transient", displayId == null ? Map.of() : Map.of("display_id", displayId));
        publish(update ? "update_display_data" : "display_data", content);
    }

    @Override
    public void clearOutput(boolean wait) {
        publish("clear_output", Map.of("wait", wait));
    }
}
