package dev.lakehouse.kernel.protocol;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Converts between ZeroMQ multipart frames and {@link Message}s:
 * {@code [identities..., "<IDS|MSG>", signature, header, parent, metadata, content, buffers...]}.
 * Decoding checks the signature and rejects replays; anything wrong raises
 * {@link MalformedMessageException} and never anything else.
 */
public final class WireCodec {
    public static final String PROTOCOL_VERSION = "5.3";
    private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");

    private final ObjectMapper json = new ObjectMapper();
    private final MessageSigner signer;
    private final ReplayGuard replays = new ReplayGuard();
    private final String session = UUID.randomUUID().toString();

    public WireCodec(MessageSigner signer) {
        this.signer = signer;
    }

    public Message decode(List<byte[]> frames) throws MalformedMessageException {
        int delimiter = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(frames.get(i), DELIMITER)) {
                delimiter = i;
                break;
            }
        }
        if (delimiter < 0) {
            throw new MalformedMessageException("no <IDS|MSG> delimiter");
        }
        if (frames.size() < delimiter + 6) {
            throw new MalformedMessageException("truncated message: " + (frames.size() - delimiter - 1) + " frames after delimiter");
        }
        String signature = new String(frames.get(delimiter + 1), StandardCharsets.US_ASCII);
        byte[] header = frames.get(delimiter + 2);
        byte[] parent = frames.get(delimiter + 3);
        byte[] metadata = frames.get(delimiter + 4);
        byte[] content = frames.get(delimiter + 5);
        if (!signer.verify(signature, header, parent, metadata, content)) {
            throw new MalformedMessageException(signature.isEmpty() ? "unsigned message" : "bad signature");
        }
        if (signer.enabled() && !replays.firstSighting(signature)) {
            throw new MalformedMessageException("replayed message (signature seen before)");
        }
        try {
            Map<String, Object> h = json.readValue(header, MAP);
            if (!(h.get("msg_type") instanceof String) || !(h.get("msg_id") instanceof String)) {
                throw new MalformedMessageException("header lacks msg_type or msg_id");
            }
            return new Message(
                    new ArrayList<>(frames.subList(0, delimiter)), h,
                    json.readValue(parent, MAP), json.readValue(metadata, MAP), json.readValue(content, MAP),
                    new ArrayList<>(frames.subList(delimiter + 6, frames.size())));
        } catch (IOException | ClassCastException e) {
            throw new MalformedMessageException("invalid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    public List<byte[]> encode(Message message) {
        try {
            byte[] header = json.writeValueAsBytes(message.header());
            byte[] parent = json.writeValueAsBytes(message.parentHeader());
            byte[] metadata = json.writeValueAsBytes(message.metadata());
            byte[] content = json.writeValueAsBytes(message.content());
            List<byte[]> frames = new ArrayList<>(message.identities());
            frames.add(DELIMITER);
            frames.add(signer.sign(header, parent, metadata, content).getBytes(StandardCharsets.US_ASCII));
            frames.add(header);
            frames.add(parent);
            frames.add(metadata);
            frames.add(content);
            frames.addAll(message.buffers());
            return frames;
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise message " + message.type(), e);
        }
    }

    /** A new message of {@code type} in reply to (or caused by) {@code parent}. */
    public Message create(String type, Message parent, Map<String, Object> content, List<byte[]> identities) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("msg_id", UUID.randomUUID().toString());
        header.put("session", session);
        header.put("username", "kernel");
        header.put("date", OffsetDateTime.now(ZoneOffset.UTC).format(ISO));
        header.put("msg_type", type);
        header.put("version", PROTOCOL_VERSION);
        return new Message(identities, header, parent == null ? Map.of() : parent.header(),
                new LinkedHashMap<>(), content, List.of());
    }
}
