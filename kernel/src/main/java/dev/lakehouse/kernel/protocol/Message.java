package dev.lakehouse.kernel.protocol;

import java.util.List;
import java.util.Map;

/**
 * One Jupyter message. Header, parent header, metadata and content are kept as JSON trees
 * (maps), since their shape depends on the message type.
 */
public record Message(List<byte[]> identities, Map<String, Object> header, Map<String, Object> parentHeader,
                      Map<String, Object> metadata, Map<String, Object> content, List<byte[]> buffers) {

    public String type() {
        Object t = header.get("msg_type");
        return t == null ? "" : t.toString();
    }

    public String id() {
        Object id = header.get("msg_id");
        return id == null ? "" : id.toString();
    }

    public String session() {
        Object s = header.get("session");
        return s == null ? "" : s.toString();
    }
}
