package dev.lakehouse.kernel;

import dev.lakehouse.kernel.engine.NotebookEngine;
import dev.lakehouse.kernel.install.StartupArchive;
import dev.lakehouse.kernel.protocol.Message;
import dev.lakehouse.kernel.protocol.MessageSigner;
import dev.lakehouse.kernel.protocol.WireCodec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * output, display, errors), completion, inspection, the idle-time warm-up, shutdown. {@code install}
 * runs it with {@code -XX:DumpLoadedClassList} to make the base CDS archive of a kernel's start (see
 * {@link StartupArchive}), and again with {@link #SPARK_OPTION} on top of that archive, with cells that
 * start Spark, query, render a Dataset, run {@code %%sql} and write and read a Delta table, under
 * {@code -XX:ArchiveClassesAtExit} for the Spark layer.
 */
final class StartupTraining {
    static final String OPTION = StartupArchive.TRAINING_OPTION;
    static final String SPARK_OPTION = StartupArchive.SPARK_TRAINING_OPTION;
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
    private static final List<String> SPARK_CELLS = List.of(
            "spark.range(1000).selectExpr(\"sum(id)\").collectAsList()",
            "spark.range(5).toDF()",
            "%%sql\nSELECT 1 AS one",
            "String trainingTable = System.getenv(\"LAKEHOUSE_HOME\") + \"/training-delta\";",
            "spark.range(3).write().format(\"delta\").mode(\"overwrite\").save(trainingTable);",
            "spark.read().format(\"delta\").load(trainingTable).count()");

    private StartupTraining() {}

    static int run(boolean spark) throws Exception {
        // Under the training's own LAKEHOUSE_HOME, which the installer deletes afterwards (this JVM halts).
        String home = System.getenv("LAKEHOUSE_HOME");
        Path dir = home == null ? Files.createTempDirectory("lakehouse-startup-training")
                : Files.createTempDirectory(Files.createDirectories(Path.of(home)), "startup-training");
        String key = UUID.randomUUID().toString();
        int[] ports = freePorts(5);
        Path connectionFile = dir.resolve("kernel.json");
        Files.writeString(connectionFile, """
                {"transport": "tcp", "ip": "127.0.0.1", "shell_port": %d, "iopub_port": %d, "stdin_port": %d,
                 "control_port": %d, "hb_port": %d, "key": "%s", "signature_scheme": "hmac-sha256"}
                """.formatted(ports[0], ports[1], ports[2], ports[3], ports[4], key));
        Thread client = new Thread(() -> drive(ports, key, spark), "startup-training-client");
        client.setDaemon(true);
        client.start();
        return KernelCommand.serve(connectionFile); // halts the JVM after shutdown_request; the archive is written then
    }

    private static void drive(int[] ports, String key, boolean spark) {
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
            if (spark) {
                for (String cell : SPARK_CELLS) {
                    Message reply = request(codec, shell, "execute_request", Map.of("code", cell, "silent", false,
                            "store_history", true, "user_expressions", Map.of(), "allow_stdin", false, "stop_on_error", false));
                    if (!"ok".equals(reply.content().get("status"))) {
                        System.err.println("startup training: Spark cell failed: " + cell + ": " + reply.content());
                    }
                }
            } else {
                NotebookEngine.awaitWarmup(Duration.ofSeconds(120)); // its classes belong to every kernel's start
            }
            request(codec, control, "shutdown_request", Map.of("restart", false));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(1);
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

    private static Message request(WireCodec codec, ZMQ.Socket socket, String type, Map<String, Object> content) {
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
                Message decoded = codec.decode(reply);
                if (decoded.type().equals(replyType)) {
                    return decoded;
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
