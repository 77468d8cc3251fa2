package dev.lakehouse.kernel.jupyter;

import dev.lakehouse.kernel.engine.CellRequest;
import dev.lakehouse.kernel.engine.CellResult;
import dev.lakehouse.kernel.engine.CodeIntelligence;
import dev.lakehouse.kernel.engine.NotebookEngine;
import dev.lakehouse.kernel.protocol.Channel;
import dev.lakehouse.kernel.protocol.Message;
import dev.lakehouse.kernel.protocol.MessageHandler;
import dev.lakehouse.kernel.protocol.WireCodec;
import dev.lakehouse.kernel.protocol.ZmqTransport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Jupyter messaging protocol on top of the {@link NotebookEngine}. Threads:
 * <ul>
 *   <li>the transport's I/O thread receives and dispatches (never blocks);</li>
 *   <li>one execution thread runs execute_requests in order;</li>
 *   <li>one analysis thread answers complete / inspect / is_complete / history while a cell runs;</li>
 *   <li>control requests (interrupt, shutdown) are answered on the I/O thread at once.</li>
 * </ul>
 * Every reply carries {@code status}, and every request is framed by busy/idle on iopub.
 */
public final class JupyterKernel implements MessageHandler {
    private static final Logger LOG = Logger.getLogger(JupyterKernel.class.getName());

    private final ZmqTransport transport;
    private final NotebookEngine engine;
    private final CodeIntelligence intelligence;
    private final History history;
    private final LinkedBlockingQueue<Queued> executeQueue = new LinkedBlockingQueue<>();
    private final ExecutorService analysis = Executors.newSingleThreadExecutor(daemon("analysis"));
    private final CountDownLatch shutdown = new CountDownLatch(1);
    private volatile boolean restartRequested;
    private volatile long abortQueuedBefore = Long.MIN_VALUE;
    private int executionCount;

    private record Queued(Message message, long receivedNanos) {}

    public JupyterKernel(ZmqTransport transport, NotebookEngine engine, CodeIntelligence intelligence, History history) {
        this.transport = transport;
        this.engine = engine;
        this.intelligence = intelligence;
        this.history = history;
        Thread executor = daemon("execute").newThread(this::executeLoop);
        executor.start();
    }

    public static History historyAt(java.nio.file.Path file) {
        return new History(file);
    }

    /** Blocks until a shutdown_request; returns whether a restart was asked for. */
    public boolean awaitShutdown() throws InterruptedException {
        shutdown.await();
        history.flush(java.time.Duration.ofSeconds(2));
        return restartRequested;
    }

    @Override
    public void onMessage(Channel channel, Message message) {
        switch (message.type()) {
            case "execute_request" -> executeQueue.add(new Queued(message, System.nanoTime()));
            case "kernel_info_request" -> withStatus(channel, message, () -> reply(channel, message, "kernel_info_reply", kernelInfo()));
            case "complete_request", "inspect_request", "is_complete_request", "history_request", "comm_info_request" ->
                    analysis.submit(() -> withStatus(channel, message, () -> answerAnalysis(channel, message)));
            case "interrupt_request" -> withStatus(channel, message, () -> {
                engine.interrupt();
                reply(channel, message, "interrupt_reply", ok());
            });
            case "shutdown_request" -> withStatus(channel, message, () -> {
                boolean restart = Boolean.TRUE.equals(message.content().get("restart"));
                Map<String, Object> content = ok();
                content.put("restart", restart);
                reply(channel, message, "shutdown_reply", content);
                restartRequested = restart;
                shutdown.countDown();
            });
            case "comm_open" -> {
                // No comm targets are registered: tell the frontend the comm is closed.
                Map<String, Object> content = new LinkedHashMap<>();
                content.put("comm_id", message.content().get("comm_id"));
                content.put("data", Map.of());
                new IoPubSink(transport, message).publish("comm_close", content);
            }
            case "comm_msg", "comm_close", "input_reply" -> { }
            default -> LOG.warning(() -> "Ignored unknown message type '" + message.type() + "' on " + channel);
        }
    }

    private void withStatus(Channel channel, Message message, Runnable work) {
        IoPubSink iopub = new IoPubSink(transport, message);
        iopub.publish("status", Map.of("execution_state", "busy"));
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Failed to answer " + message.type(), e);
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("status", "error");
            error.put("ename", e.getClass().getSimpleName());
            error.put("evalue", String.valueOf(e.getMessage()));
            error.put("traceback", List.of());
            reply(channel, message, message.type().replace("_request", "_reply"), error);
        } finally {
            iopub.publish("status", Map.of("execution_state", "idle"));
        }
    }

    private void reply(Channel channel, Message request, String type, Map<String, Object> content) {
        transport.send(channel, transport.codec().create(type, request, content, request.identities()));
    }

    private static Map<String, Object> ok() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "ok");
        return m;
    }

    private Map<String, Object> kernelInfo() {
        Map<String, Object> language = new LinkedHashMap<>();
        language.put("name", "java");
        language.put("version", Runtime.version().toString());
        language.put("mimetype", "text/x-java-source");
        language.put("file_extension", ".java");
        language.put("pygments_lexer", "java");
        language.put("codemirror_mode", "text/x-java");
        Map<String, Object> content = ok();
        content.put("protocol_version", WireCodec.PROTOCOL_VERSION);
        content.put("implementation", "lakehouse-java");
        content.put("implementation_version", "0.1.0");
        content.put("language_info", language);
        content.put("banner", "Java (Lakehouse) kernel — JShell " + Runtime.version().feature()
                + ", Spark and Delta Lake on demand. %lsmagic lists the magics.");
        content.put("help_links", List.of(Map.of("text", "Magics: run %lsmagic", "url", "https://jupyter.org")));
        content.put("debugger", false);
        return content;
    }

    private void answerAnalysis(Channel channel, Message message) {
        Map<String, Object> c = message.content();
        switch (message.type()) {
            case "complete_request" -> {
                String code = String.valueOf(c.getOrDefault("code", ""));
                int cursor = toInt(c.get("cursor_pos"), code.length());
                CodeIntelligence.Completion completion = intelligence.complete(code, cursor);
                Map<String, Object> content = ok();
                content.put("matches", completion.matches());
                content.put("cursor_start", completion.start());
                content.put("cursor_end", completion.end());
                content.put("metadata", Map.of());
                reply(channel, message, "complete_reply", content);
            }
            case "inspect_request" -> {
                String code = String.valueOf(c.getOrDefault("code", ""));
                int cursor = toInt(c.get("cursor_pos"), code.length());
                var doc = intelligence.inspect(code, cursor);
                Map<String, Object> content = ok();
                content.put("found", doc.isPresent());
                content.put("data", doc.map(d -> Map.<String, Object>of("text/plain", d)).orElse(Map.of()));
                content.put("metadata", Map.of());
                reply(channel, message, "inspect_reply", content);
            }
            case "is_complete_request" -> {
                String status = intelligence.isComplete(String.valueOf(c.getOrDefault("code", "")));
                Map<String, Object> content = ok();
                content.put("status", status);
                if ("incomplete".equals(status)) {
                    content.put("indent", "    ");
                }
                reply(channel, message, "is_complete_reply", content);
            }
            case "history_request" -> {
                Map<String, Object> content = ok();
                content.put("history", historyFor(c));
                reply(channel, message, "history_reply", content);
            }
            case "comm_info_request" -> {
                Map<String, Object> content = ok();
                content.put("comms", Map.of());
                reply(channel, message, "comm_info_reply", content);
            }
            default -> { }
        }
    }

    private List<List<Object>> historyFor(Map<String, Object> c) {
        String access = String.valueOf(c.getOrDefault("hist_access_type", "tail"));
        List<History.Entry> entries = switch (access) {
            case "range" -> history.range(toInt(c.get("session"), 0), toInt(c.get("start"), 0), toInt(c.get("stop"), 0));
            case "search" -> history.search(String.valueOf(c.getOrDefault("pattern", "*")), toInt(c.get("n"), 0),
                    Boolean.TRUE.equals(c.get("unique")));
            default -> history.tail(toInt(c.get("n"), 10));
        };
        boolean withOutput = Boolean.TRUE.equals(c.get("output"));
        List<List<Object>> rows = new ArrayList<>();
        for (History.Entry e : entries) {
            Object item = withOutput ? java.util.Arrays.asList(e.input(), e.output()) : e.input();
            rows.add(java.util.Arrays.asList(e.session(), e.line(), item));
        }
        return rows;
    }

    private static int toInt(Object o, int fallback) {
        return o instanceof Number n ? n.intValue() : fallback;
    }

    private void executeLoop() {
        while (true) {
            Queued next;
            try {
                next = executeQueue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                if (next.receivedNanos() < abortQueuedBefore) {
                    abort(next.message());
                } else {
                    execute(next.message());
                }
            } catch (Throwable t) {
                LOG.log(Level.SEVERE, "execute_request failed inside the kernel", t);
            }
        }
    }

    private void abort(Message request) {
        IoPubSink iopub = new IoPubSink(transport, request);
        iopub.publish("status", Map.of("execution_state", "busy"));
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("status", "aborted");
        content.put("execution_count", executionCount);
        reply(Channel.SHELL, request, "execute_reply", content);
        iopub.publish("status", Map.of("execution_state", "idle"));
    }

    private void execute(Message request) {
        Map<String, Object> c = request.content();
        String code = String.valueOf(c.getOrDefault("code", ""));
        boolean silent = Boolean.TRUE.equals(c.get("silent"));
        boolean storeHistory = !silent && !Boolean.FALSE.equals(c.get("store_history"));
        boolean stopOnError = !Boolean.FALSE.equals(c.get("stop_on_error"));
        IoPubSink iopub = new IoPubSink(transport, request);
        if (storeHistory) {
            executionCount++;
        }
        int count = executionCount;
        Object cellIdMeta = request.metadata().get("cellId");
        String cellId = cellIdMeta instanceof String s && !s.isBlank() ? s + ":" + request.id() : request.id();
        try {
            // busy goes out once the engine holds the cell, so an interrupt sent on seeing it is never lost
            CellResult result = engine.execute(new CellRequest(code, cellId, silent, storeHistory), iopub, () -> {
                iopub.publish("status", Map.of("execution_state", "busy"));
                if (!silent) {
                    iopub.publish("execute_input", Map.of("code", code, "execution_count", count));
                }
            });
            if (storeHistory) {
                history.add(count, code, result.succeeded() && result.value() != null ? result.value().plainText() : null);
            }
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("execution_count", count);
            if (result.succeeded()) {
                if (result.value() != null && !silent) {
                    Map<String, Object> content = new LinkedHashMap<>();
                    content.put("execution_count", count);
                    content.put("data", result.value().data());
                    content.put("metadata", result.value().metadata());
                    iopub.publish("execute_result", content);
                }
                reply.put("status", "ok");
                reply.put("payload", List.of());
                reply.put("user_expressions", userExpressions(c.get("user_expressions")));
            } else {
                var error = result.error();
                Map<String, Object> content = new LinkedHashMap<>();
                content.put("ename", error.name());
                content.put("evalue", error.value());
                content.put("traceback", error.traceback());
                if (!silent) {
                    iopub.publish("error", content);
                }
                reply.put("status", "error");
                reply.putAll(content);
                if (stopOnError) {
                    abortQueuedBefore = System.nanoTime();
                }
            }
            reply(Channel.SHELL, request, "execute_reply", reply);
        } finally {
            iopub.publish("status", Map.of("execution_state", "idle"));
        }
    }

    private Map<String, Object> userExpressions(Object requested) {
        Map<String, Object> results = new LinkedHashMap<>();
        if (!(requested instanceof Map<?, ?> expressions)) {
            return results;
        }
        for (Map.Entry<?, ?> e : expressions.entrySet()) {
            CellResult r = engine.execute(new CellRequest(String.valueOf(e.getValue()), "user-expression", true, false),
                    null);
            Map<String, Object> value = new LinkedHashMap<>();
            if (r.succeeded()) {
                value.put("status", "ok");
                value.put("data", r.value() == null ? Map.of() : r.value().data());
                value.put("metadata", Map.of());
            } else {
                value.put("status", "error");
                value.put("ename", r.error().name());
                value.put("evalue", r.error().value());
                value.put("traceback", r.error().traceback());
            }
            results.put(String.valueOf(e.getKey()), value);
        }
        return results;
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
