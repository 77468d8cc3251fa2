package dev.lakehouse.kernel.jupyter;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Executed inputs across kernel sessions, appended to a JSON-lines file so {@code %history}-style
 * requests (tail, range, search) also see earlier sessions. Session numbers grow with each start.
 *
 * <p>The file only grows, so starting never parses all of it: the session number comes from its last
 * line, and the newest {@link #KEPT} entries are read from its end on a background thread while the
 * kernel already answers. History requests wait for that load; new entries never do. A new entry is
 * visible to history requests at once and appended to the file by a writer thread, so no cell's reply
 * waits for the disk; {@link #flush} waits for the writes (the kernel calls it before it exits).
 */
final class History {
    record Entry(int session, int line, String input, String output) {}

    static final int KEPT = 10_000;
    private static final int FIRST_WINDOW_BYTES = 64 * 1024;

    private final ObjectMapper json = new ObjectMapper();
    private final List<Entry> entries = new ArrayList<>();
    private final Path file;
    private final int session;
    private final CompletableFuture<Void> earlierSessions;
    private boolean endsMidLine; // touched by the writer thread only, after construction
    private final ExecutorService writer;

    History(Path file) {
        this.file = file;
        this.session = lastSessionIn(file) + 1;
        this.endsMidLine = endsMidLine(file);
        this.earlierSessions = file == null || !Files.isRegularFile(file)
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.runAsync(this::loadEarlierSessions, History::daemon);
        this.writer = file == null ? null : Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "history-write");
            t.setDaemon(true);
            return t;
        });
    }

    private static void daemon(Runnable task) {
        Thread loader = new Thread(task, "history-load");
        loader.setDaemon(true);
        loader.start();
    }

    int session() {
        return session;
    }

    synchronized void add(int line, String input, String output) {
        Entry e = new Entry(session, line, input, output);
        entries.add(e);
        trimToKept();
        if (writer != null) {
            writer.execute(() -> append(e));
        }
    }

    /** Waits until every entry added so far is in the file, at most {@code max}. */
    void flush(Duration max) {
        if (writer == null) {
            return;
        }
        try {
            writer.submit(() -> {}).get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a slow disk: the entries stay in memory for this session
        }
    }

    private void append(Entry e) {
        try {
            Files.createDirectories(file.getParent());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("session", e.session());
            m.put("line", e.line());
            m.put("input", e.input());
            if (e.output() != null) {
                m.put("output", e.output());
            }
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                if (endsMidLine) {
                    w.write('\n'); // after a torn line from a crash, so this entry stays readable
                    endsMidLine = false;
                }
                w.write(json.writeValueAsString(m));
                w.write('\n');
            }
        } catch (IOException ignored) {
            // history is a convenience; never fail a cell over it
        }
    }

    List<Entry> tail(int n) {
        awaitEarlierSessions();
        synchronized (this) {
            return List.copyOf(entries.subList(Math.max(0, entries.size() - n), entries.size()));
        }
    }

    /** {@code session} 0 or negative counts back from the current session (0 = current). */
    List<Entry> range(int requestedSession, int start, int stop) {
        awaitEarlierSessions();
        int s = requestedSession <= 0 ? session + requestedSession : requestedSession;
        synchronized (this) {
            return entries.stream()
                    .filter(e -> e.session() == s && e.line() >= start && (stop <= 0 || e.line() < stop))
                    .toList();
        }
    }

    /** Glob search ({@code *} and {@code ?}), newest last, at most {@code n} (0 = all). */
    List<Entry> search(String glob, int n, boolean unique) {
        awaitEarlierSessions();
        Pattern p = Pattern.compile(globToRegex(glob), Pattern.DOTALL);
        List<Entry> matched = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        synchronized (this) {
            for (int i = entries.size() - 1; i >= 0; i--) {
                Entry e = entries.get(i);
                if (p.matcher(e.input()).matches() && (!unique || seen.add(e.input()))) {
                    matched.add(0, e);
                    if (n > 0 && matched.size() >= n) {
                        break;
                    }
                }
            }
        }
        return matched;
    }

    private void awaitEarlierSessions() {
        earlierSessions.join();
    }

    private void loadEarlierSessions() {
        List<Entry> earlier = new ArrayList<>();
        try {
            for (String line : lastLines(file, KEPT)) {
                Entry e = parse(line);
                if (e != null && e.session() < session) {
                    earlier.add(e);
                }
            }
        } catch (IOException ignored) {
            // unreadable history is not fatal
        }
        synchronized (this) {
            entries.addAll(0, earlier);
            trimToKept();
        }
    }

    private void trimToKept() {
        if (entries.size() > KEPT) {
            entries.subList(0, entries.size() - KEPT).clear();
        }
    }

    private Entry parse(String line) {
        try {
            Map<?, ?> m = json.readValue(line, Map.class);
            Object out = m.get("output");
            return new Entry(((Number) m.get("session")).intValue(), ((Number) m.get("line")).intValue(),
                    String.valueOf(m.get("input")), out == null ? null : out.toString());
        } catch (IOException | RuntimeException tornOrForeign) {
            return null; // a torn last line from a crash, or a line we did not write
        }
    }

    private int lastSessionIn(Path historyFile) {
        if (historyFile == null || !Files.isRegularFile(historyFile)) {
            return 0;
        }
        try {
            List<String> lines = lastLines(historyFile, 16);
            for (int i = lines.size() - 1; i >= 0; i--) {
                Entry e = parse(lines.get(i));
                if (e != null) {
                    return e.session();
                }
            }
        } catch (IOException ignored) {
            // start a new numbering
        }
        return 0;
    }

    private static boolean endsMidLine(Path historyFile) {
        if (historyFile == null || !Files.isRegularFile(historyFile)) {
            return false;
        }
        try (RandomAccessFile in = new RandomAccessFile(historyFile.toFile(), "r")) {
            if (in.length() == 0) {
                return false;
            }
            in.seek(in.length() - 1);
            return in.read() != '\n';
        } catch (IOException unreadable) {
            return false;
        }
    }

    /** The last {@code max} complete lines of a file, read from its end in growing windows. */
    static List<String> lastLines(Path file, int max) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long size = in.length();
            long window = Math.min(size, FIRST_WINDOW_BYTES);
            while (true) {
                byte[] bytes = new byte[(int) window];
                in.seek(size - window);
                in.readFully(bytes);
                List<String> lines = new ArrayList<>(Arrays.asList(
                        new String(bytes, StandardCharsets.UTF_8).split("\n")));
                boolean wholeFile = window == size;
                if (!wholeFile) {
                    lines.remove(0); // starts mid-line
                }
                lines.removeIf(String::isBlank);
                if (wholeFile || lines.size() >= max || window >= Integer.MAX_VALUE / 4) {
                    return lines.subList(Math.max(0, lines.size() - max), lines.size());
                }
                window = Math.min(size, window * 4);
            }
        }
    }

    private static String globToRegex(String glob) {
        StringBuilder sb = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> sb.append(".*");
                case '?' -> sb.append('.');
                default -> sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return sb.toString();
    }
}
