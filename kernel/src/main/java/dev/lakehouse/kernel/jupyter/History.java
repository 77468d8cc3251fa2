package dev.lakehouse.kernel.jupyter;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Executed inputs across kernel sessions, appended to a JSON-lines file so {@code %history}-style
 * requests (tail, range, search) also see earlier sessions. Session numbers grow with each start.
 */
final class History {
    record Entry(int session, int line, String input, String output) {}

    private final ObjectMapper json = new ObjectMapper();
    private final List<Entry> entries = new ArrayList<>();
    private final Path file;
    private final int session;

    History(Path file) {
        this.file = file;
        int lastSession = 0;
        if (file != null && Files.isRegularFile(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    try {
                        Map<?, ?> m = json.readValue(line, Map.class);
                        Object out = m.get("output");
                        Entry e = new Entry(((Number) m.get("session")).intValue(), ((Number) m.get("line")).intValue(),
                                String.valueOf(m.get("input")), out == null ? null : out.toString());
                        entries.add(e);
                        lastSession = Math.max(lastSession, e.session());
                    } catch (IOException | RuntimeException skipped) {
                        // a torn last line from a crash: ignore it
                    }
                }
            } catch (IOException ignored) {
                // unreadable history is not fatal
            }
        }
        this.session = lastSession + 1;
        if (entries.size() > 10_000) {
            entries.subList(0, entries.size() - 10_000).clear();
        }
    }

    int session() {
        return session;
    }

    synchronized void add(int line, String input, String output) {
        Entry e = new Entry(session, line, input, output);
        entries.add(e);
        if (file == null) {
            return;
        }
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
                w.write(json.writeValueAsString(m));
                w.write('\n');
            }
        } catch (IOException ignored) {
            // history is a convenience; never fail a cell over it
        }
    }

    synchronized List<Entry> tail(int n) {
        return List.copyOf(entries.subList(Math.max(0, entries.size() - n), entries.size()));
    }

    /** {@code session} 0 or negative counts back from the current session (0 = current). */
    synchronized List<Entry> range(int requestedSession, int start, int stop) {
        int s = requestedSession <= 0 ? session + requestedSession : requestedSession;
        return entries.stream()
                .filter(e -> e.session() == s && e.line() >= start && (stop <= 0 || e.line() < stop))
                .toList();
    }

    /** Glob search ({@code *} and {@code ?}), newest last, at most {@code n} (0 = all). */
    synchronized List<Entry> search(String glob, int n, boolean unique) {
        Pattern p = Pattern.compile(globToRegex(glob), Pattern.DOTALL);
        List<Entry> matched = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            if (p.matcher(e.input()).matches() && (!unique || seen.add(e.input()))) {
                matched.add(0, e);
                if (n > 0 && matched.size() >= n) {
                    break;
                }
            }
        }
        return matched;
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
