package dev.lakehouse.kernel.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/** The connection file Jupyter hands a kernel: where to bind and how to sign. */
public record ConnectionInfo(String transport, String ip, int shellPort, int iopubPort, int stdinPort,
                             int controlPort, int hbPort, String key, String signatureScheme) {

    public static ConnectionInfo read(Path file) throws IOException {
        JsonNode n = new ObjectMapper().readTree(file.toFile());
        return new ConnectionInfo(
                n.path("transport").asText("tcp"), n.path("ip").asText("127.0.0.1"),
                n.path("shell_port").asInt(), n.path("iopub_port").asInt(), n.path("stdin_port").asInt(),
                n.path("control_port").asInt(), n.path("hb_port").asInt(),
                n.path("key").asText(""), n.path("signature_scheme").asText("hmac-sha256"));
    }

    public String address(int port) {
        return "ipc".equals(transport) ? "ipc://" + ip + "-" + port : transport + "://" + ip + ":" + port;
    }
}
