package dev.lakehouse.kernel.engine;

import dev.lakehouse.magics.api.DisplayData;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The outputs of one cell. Text written to stdout/stderr is batched (flushed after
 * {@link #FLUSH_DELAY_MS} ms, or at once past {@link #FLUSH_BYTES}) so a chatty loop does not
 * become one message per line, and is capped at {@link #MAX_BYTES} per cell so a runaway print
 * cannot flood the frontend. Streams are flushed before any display so ordering is kept.
 */
public final class CellOutput {
    static final int FLUSH_DELAY_MS = 15;
    static final int FLUSH_BYTES = 64 * 1024;
    static final long MAX_BYTES = 20L * 1024 * 1024;

    private final String cellId;
    private final OutputSink sink;
    private final ScheduledExecutorService flusher;
    private final StreamBuffer stdout = new StreamBuffer("stdout");
    private final StreamBuffer stderr = new StreamBuffer("stderr");
    private final AtomicInteger displayCounter = new AtomicInteger();
    private volatile boolean running = true;

    public CellOutput(String cellId, OutputSink sink, ScheduledExecutorService flusher) {
        this.cellId = cellId;
        this.sink = sink;
        this.flusher = flusher;
    }

    public String cellId() {
        return cellId;
    }

    public boolean isRunning() {
        return running;
    }

    /** The cell's request finished; late output from its threads still arrives here. */
    public void finish() {
        flush();
        running = false;
    }

    public void write(boolean error, byte[] bytes, int off, int len) {
        (error ? stderr : stdout).append(bytes, off, len);
    }

    public void flush() {
        stdout.flush();
        stderr.flush();
    }

    public String display(DisplayData data) {
        flush();
        String id = cellId + "-display-" + displayCounter.incrementAndGet();
        sink.display(data, id, false);
        return id;
    }

    public void updateDisplay(String displayId, DisplayData data) {
        flush();
        sink.display(data, displayId, true);
    }

    public void clearOutput(boolean wait) {
        flush();
        sink.clearOutput(wait);
    }

    private final class StreamBuffer {
        private final String name;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        private long total;
        private boolean scheduled;
        private boolean truncated;

        StreamBuffer(String name) {
            this.name = name;
        }

        synchronized void append(byte[] bytes, int off, int len) {
            if (total + len > MAX_BYTES) {
                if (!truncated) {
                    truncated = true;
                    byte[] note = ("\n[output truncated: more than " + (MAX_BYTES >> 20) + " MB from one cell]\n")
                            .getBytes(StandardCharsets.UTF_8);
                    pending.write(note, 0, note.length);
                }
                scheduleFlush();
                return;
            }
            total += len;
            pending.write(bytes, off, len);
            if (pending.size() >= FLUSH_BYTES) {
                flush();
            } else {
                scheduleFlush();
            }
        }

        private void scheduleFlush() {
            if (!scheduled) {
                scheduled = true;
                flusher.schedule(this::flush, FLUSH_DELAY_MS, TimeUnit.MILLISECONDS);
            }
        }

        synchronized void flush() {
            scheduled = false;
            if (pending.size() == 0) {
                return;
            }
            byte[] bytes = pending.toByteArray();
            int complete = completeUtf8Prefix(bytes);
            pending.reset();
            pending.write(bytes, complete, bytes.length - complete);
            if (complete == 0) {
                return;
            }
            try {
                CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(bytes, 0, complete));
                sink.stream(name, chars.toString());
            } catch (java.nio.charset.CharacterCodingException e) {
                sink.stream(name, new String(bytes, 0, complete, StandardCharsets.UTF_8));
            }
        }

        /** Length of the prefix that does not end inside a multi-byte UTF-8 character. */
        private int completeUtf8Prefix(byte[] b) {
            int n = b.length;
            for (int back = 1; back <= Math.min(3, n); back++) {
                int c = b[n - back] & 0xFF;
                if ((c & 0xC0) == 0x80) {
                    continue; // continuation byte: keep looking for the lead byte
                }
                int needed = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
                return needed > back ? n - back : n;
            }
            return n;
        }
    }
}
