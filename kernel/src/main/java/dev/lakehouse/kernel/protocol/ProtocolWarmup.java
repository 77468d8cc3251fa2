package dev.lakehouse.kernel.protocol;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * Warms the JIT up on the wire path that every request takes — jeromq's TCP engine and poller, the
 * codec's JSON and HMAC, the transport's outbox and IOPub lock — by sending execute requests to a
 * private {@link ZmqTransport} on free loopback ports, with its own random key, from a private
 * client in this JVM. Its answers follow the kernel's message sequence for a cell with a value.
 * None of it is visible to the notebook's clients. Without it the first few hundred requests of a
 * fresh kernel are answered by interpreted code while the JIT compiles ~1,000 of these methods.
 */
public final class ProtocolWarmup {
    private static final Logger LOG = Logger.getLogger(ProtocolWarmup.class.getName());
    private static final String SCHEME = "hmac-sha256";
    private static final int RECEIVE_TIMEOUT_MS = 2000;

    private ProtocolWarmup() {}

    /**
     * Runs {@code requests} round trips; {@code awaitQuiet} is called before each one and blocks
     * while the notebook is busy. Returns how many round trips were answered.
     */
    public static int run(int requests, Runnable awaitQuiet) {
        long started = System.nanoTime();
        String key = UUID.randomUUID().toString();
        ConnectionInfo loopback;
        try {
            loopback = new ConnectionInfo("tcp", "127.0.0.1", freePort(), freePort(), freePort(), freePort(),
                    freePort(), key, SCHEME);
        } catch (IOException e) {
            return 0;
        }
        ExecutorService cells = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "protocol-warmup-cell");
            t.setDaemon(true);
            return t;
        });
        ZmqTransport kernel = new ZmqTransport(loopback, new WireCodec(new MessageSigner(key, SCHEME)));
        int answered = 0;
        try (ZContext context = new ZContext(1)) {
            kernel.start((channel, message) -> cells.execute(() -> answer(kernel, message)));
            ZMQ.Socket shell = connect(context, SocketType.DEALER, loopback.address(loopback.shellPort()));
            ZMQ.Socket iopub = connect(context, SocketType.SUB, loopback.address(loopback.iopubPort()));
            iopub.subscribe(new byte[0]);
            WireCodec client = new WireCodec(new MessageSigner(key, SCHEME));
            for (int i = 0; i < requests; i++) {
                awaitQuiet.run();
                Message request = client.create("execute_request", null, executeContent(i), List.of());
                List<byte[]> frames = client.encode(request);
                for (int f = 0; f < frames.size(); f++) {
                    shell.send(frames.get(f), f < frames.size() - 1 ? ZMQ.SNDMORE : 0);
                }
                Message reply = receive(shell, client);
                if (reply == null) {
                    break;
                }
                answered++;
                drainIoPub(iopub, client, request.id());
            }
        } catch (ZMQException | IllegalStateException | MalformedMessageException e) {
            LOG.fine(() -> "protocol warm-up stopped: " + e);
        } finally {
            kernel.close();
            cells.shutdownNow();
        }
        int done = answered;
        LOG.info(() -> "wire warm-up finished after " + (System.nanoTime() - started) / 1_000_000 + " ms, "
                + done + " round trips");
        return done;
    }

    private static void answer(ZmqTransport kernel, Message request) {
        WireCodec codec = kernel.codec();
        kernel.send(Channel.IOPUB, codec.create("status", request, Map.of("execution_state", "busy"), List.of()));
        int count = ((Number) request.content().getOrDefault("warmup_count", 0)).intValue();
        kernel.send(Channel.IOPUB, codec.create("execute_input", request,
                Map.of("code", request.content().get("code"), "execution_count", count), List.of()));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("execution_count", count);
        result.put("data", Map.of("text/plain", String.valueOf(count * 2)));
        result.put("metadata", Map.of());
        kernel.send(Channel.IOPUB, codec.create("execute_result", request, result, List.of()));
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("execution_count", count);
        reply.put("status", "ok");
        reply.put("payload", List.of());
        reply.put("user_expressions", Map.of());
        kernel.send(Channel.SHELL, codec.create("execute_reply", request, reply, request.identities()));
        kernel.send(Channel.IOPUB, codec.create("status", request, Map.of("execution_state", "idle"), List.of()));
    }

    private static Map<String, Object> executeContent(int i) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("code", i + " + " + i);
        content.put("silent", false);
        content.put("store_history", true);
        content.put("user_expressions", Map.of());
        content.put("allow_stdin", true);
        content.put("stop_on_error", true);
        content.put("warmup_count", i);
        return content;
    }

    /** The next message on {@code socket}, or null after {@link #RECEIVE_TIMEOUT_MS} without one. */
    private static Message receive(ZMQ.Socket socket, WireCodec codec) throws MalformedMessageException {
        byte[] first = socket.recv(0);
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        return codec.decode(frames);
    }

    /** Reads IOPub up to this request's idle status; a subscription still joining may miss it (timeout). */
    private static void drainIoPub(ZMQ.Socket iopub, WireCodec codec, String requestId) throws MalformedMessageException {
        Message message;
        while ((message = receive(iopub, codec)) != null) {
            if ("status".equals(message.type()) && requestId.equals(message.parentHeader().get("msg_id"))
                    && "idle".equals(message.content().get("execution_state"))) {
                return;
            }
        }
    }

    private static ZMQ.Socket connect(ZContext context, SocketType type, String address) {
        ZMQ.Socket socket = context.createSocket(type);
        socket.setLinger(0);
        socket.setReceiveTimeOut(RECEIVE_TIMEOUT_MS);
        socket.connect(address);
        return socket;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
