package dev.lakehouse.kernel;

import dev.lakehouse.kernel.install.StartupArchive;
import dev.lakehouse.kernel.protocol.Message;
import dev.lakehouse.kernel.protocol.MessageSigner;
import dev.lakehouse.kernel.protocol.WireCodec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A short scripted session against a real kernel in this JVM: start, kernel_info, a few cells (values,
 * output, display, errors), completion, inspection, shutdown. {@code install} runs it under
 * {@code -XX:ArchiveClassesAtExit} so the classes a kernel loads to start and answer its first cells
 * are stored in a CDS archive that the kernelspec maps at every start (about a third of the start time).
 * Spark is not touched: its classes would make every kernel's resident memory larger.
 */
final class StartupTraining {
    static final String OPTION = StartupArchive.TRAINING_OPTION;
    private static final int REPLY_TIMEOUT_MS = 120_000;
    private static final List<String> CELLS = List.of(
            "1 + 1",
            "int x = 2;",
            "System.out.println(\"x = \" + x);",
            "String greeting = \"hello\";",
            "greeting.length() + x",
            "display(\"text/html\", \"<b>\" + greeting + \"</b>\")",
            "java.util.List.of(1, 2, 3)",
            "void twice() { System.out.println(2 * x); }",
            "twice();",
            "%lsmagic",
            "x.foo()",
            "Integer.parseInt(\"not a number\")");

    private StartupTraining() {}

    static int run() throws Exception {
        Path dir = Files.createTempDirectory("lakehouse-startup-training");
        String key = UUID.randomUUID().toString();
        int[] ports = freePorts(5);
        Path connectionFile = dir.resolve("kernel.json");
        Files.writeString(connectionFile, """
                {"transport": "tcp", "ip": "127.0.0.1", "shell_port": %d, "iopub_port": %d, "stdin_port": %d,
                 "control_port": %d, "hb_port": %d, "key": "%s", "signature_scheme": "hmac-sha256"}
                """.formatted(ports[0], ports[1], ports[2], ports[3], ports[4], key));
        Thread client = new Thread(() -> drive(ports, key), "startup-training-client");
        client.setDaemon(true);
        client.start();
        return KernelCommand.serve(connectionFile); // halts the JVM after shutdown_request; the archive is written then
    }

    private static void drive(int[] ports, String key) {
        WireCodec codec = new WireCodec(new MessageSigner(key, "hmac-sha256"));
        try (ZContext context = new ZContext()) {
            ZMQ.Socket shell = connect(context, ports[0]);
            ZMQ.Socket control = connect(context, ports[3]);
            request(codec, shell, "kernel_info_request", Map.of());
            for (String cell : CELLS) {
                request(codec, shell, "execute_request", Map.of("code", cell, "silent", false, "store_history", true,
                        "user_expressions", Map.of(), "allow_stdin", false, "stop_on_error", false));
            }
            request(codec, shell, "complete_request", Map.of("code", "greeting.len", "cursor_pos", 12));
            request(codec, shell, "inspect_request", Map.of("code", "greeting.length()", "cursor_pos", 10,
                    "detail_level", 0));
            request(codec, shell, "is_complete_request", Map.of("code", "int y = "));
            request(codec, control, "shutdown_request", Map.of("restart", false));
        } catch (RuntimeException e) {
            System.err.println("startup training failed: " + e.getMessage());
            System.exit(1);
        }
    }

    private static ZMQ.Socket connect(ZContext context, int port) {
        ZMQ.Socket socket = context.createSocket(SocketType.DEALER);
        socket.setLinger(0);
        socket.setReceiveTimeOut(REPLY_TIMEOUT_MS);
        socket.connect("tcp://127.0.0.1:" + port);
        return socket;
    }

    private static void request(WireCodec codec, ZMQ.Socket socket, String type, Map<String, Object> content) {
        Message message = codec.create(type, null, new LinkedHashMap<>(content), List.of());
        List<byte[]> frames = codec.encode(message);
        for (int i = 0; i < frames.size(); i++) {
            socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
        String replyType = type.replace("_request", "_reply");
        while (true) {
            List<byte[]> reply = new ArrayList<>();
            byte[] frame = socket.recv();
            if (frame == null) {
                throw new IllegalStateException("no " + replyType + " within " + REPLY_TIMEOUT_MS / 1000 + " s");
            }
            reply.add(frame);
            while (socket.hasReceiveMore()) {
                reply.add(socket.recv());
            }
            try {
                if (codec.decode(reply).type().equals(replyType)) {
                    return;
                }
            } catch (Exception malformed) {
                throw new IllegalStateException("unreadable reply to " + type + ": " + malformed.getMessage(), malformed);
            }
        }
    }

    private static int[] freePorts(int count) throws IOException {
        int[] ports = new int[count];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(socket);
                ports[i] = socket.getLocalPort();
            }
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
        return ports;
    }
}
