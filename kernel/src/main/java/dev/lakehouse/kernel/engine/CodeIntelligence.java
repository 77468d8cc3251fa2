package dev.lakehouse.kernel.engine;

import dev.lakehouse.magics.api.Magic;
import dev.lakehouse.magics.api.MagicRegistry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;

/** Tab completion, Shift-Tab inspection and is-complete checks for cells. */
public final class CodeIntelligence {
    /** Matches replace {@code code[start, end)}. */
    public record Completion(List<String> matches, int start, int end) {}

    /** Completes inside the body of a cell magic, e.g. table names in %%sql. */
    public interface CellMagicCompleter {
        Completion complete(String body, int cursor);
    }

    private final NotebookEngine engine;
    private final Map<String, CellMagicCompleter> cellMagicCompleters = new ConcurrentHashMap<>();

    public CodeIntelligence(NotebookEngine engine) {
        this.engine = engine;
    }

    public void registerCellMagicCompleter(String magicName, CellMagicCompleter completer) {
        cellMagicCompleters.put(magicName, completer);
    }

    public Completion complete(String code, int cursor) {
        cursor = Math.max(0, Math.min(cursor, code.length()));
        int lineStart = code.lastIndexOf('\n', cursor - 1) + 1;
        String linePrefix = code.substring(lineStart, cursor);
        if (linePrefix.matches("\\s*%%?[\\w-]*")) {
            return completeMagicName(linePrefix, lineStart, cursor);
        }
        if (code.startsWith("%%")) {
            int newline = code.indexOf('\n');
            String name = (newline < 0 ? code.substring(2) : code.substring(2, newline)).strip().split("\\s+")[0];
            CellMagicCompleter completer = cellMagicCompleters.get(name);
            if (completer == null || newline < 0 || cursor <= newline) {
                return new Completion(List.of(), cursor, cursor);
            }
            Completion inner = completer.complete(code.substring(newline + 1), cursor - newline - 1);
            return new Completion(inner.matches(), inner.start() + newline + 1, inner.end() + newline + 1);
        }
        Chunk chunk = chunkAt(code, cursor);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions;
        try {
            suggestions = engine.evaluator().analysis().completionSuggestions(chunk.text(), cursor - chunk.offset(), anchor);
        } catch (RuntimeException e) {
            return new Completion(List.of(), cursor, cursor);
        }
        LinkedHashSet<String> matches = new LinkedHashSet<>();
        suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType).forEach(s -> matches.add(s.continuation()));
        suggestions.forEach(s -> matches.add(s.continuation()));
        return new Completion(new ArrayList<>(matches), chunk.offset() + anchor[0], cursor);
    }

    private Completion completeMagicName(String linePrefix, int lineStart, int cursor) {
        String stripped = linePrefix.stripLeading();
        boolean cell = stripped.startsWith("%%");
        String typed = stripped.substring(cell ? 2 : 1);
        MagicRegistry registry = engine.magics();
        List<String> matches = registry.all().stream()
                .filter(m -> cell ? m.kind().allowsCell() : m.kind().allowsLine())
                .map(Magic::name).filter(n -> n.startsWith(typed))
                .map(n -> (cell ? "%%" : "%") + n).toList();
        int start = lineStart + (linePrefix.length() - stripped.length());
        return new Completion(matches, start, cursor);
    }

    /** Signature and javadoc of what is under the cursor, as plain text. */
    public Optional<String> inspect(String code, int cursor) {
        cursor = Math.max(0, Math.min(cursor, code.length()));
        Chunk chunk = chunkAt(code, cursor);
        try {
            List<SourceCodeAnalysis.Documentation> docs =
                    engine.evaluator().analysis().documentation(chunk.text(), cursor - chunk.offset(), true);
            if (docs.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(docs.stream().map(d -> d.javadoc() == null || d.javadoc().isBlank()
                            ? d.signature() : d.signature() + "\n\n" + d.javadoc())
                    .collect(Collectors.joining("\n\n")));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Jupyter's is_complete status: complete, incomplete, invalid or unknown. */
    public String isComplete(String code) {
        String stripped = code.strip();
        if (stripped.startsWith("%%")) {
            return stripped.contains("\n") ? "complete" : "incomplete";
        }
        StringBuilder java = new StringBuilder();
        for (String line : code.split("\n", -1)) {
            if (!line.strip().startsWith("%")) {
                java.append(line).append('\n');
            }
        }
        String remaining = java.toString();
        SourceCodeAnalysis analysis = engine.evaluator().analysis();
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            Completeness c = info.completeness();
            if (c == Completeness.DEFINITELY_INCOMPLETE || c == Completeness.CONSIDERED_INCOMPLETE) {
                return "incomplete";
            }
            if (c == Completeness.UNKNOWN) {
                return "invalid";
            }
            if (c == Completeness.EMPTY) {
                break;
            }
            remaining = info.remaining();
        }
        return "complete";
    }

    private record Chunk(String text, int offset) {}

    /** The snippet of a multi-statement cell that contains {@code cursor}. */
    private Chunk chunkAt(String code, int cursor) {
        SourceCodeAnalysis analysis = engine.evaluator().analysis();
        int offset = 0;
        String remaining = code;
        while (true) {
            SourceCodeAnalysis.CompletionInfo info;
            try {
                info = analysis.analyzeCompletion(remaining);
            } catch (RuntimeException e) {
                break;
            }
            Completeness c = info.completeness();
            if (c == Completeness.EMPTY || c == Completeness.UNKNOWN || c == Completeness.DEFINITELY_INCOMPLETE
                    || c == Completeness.CONSIDERED_INCOMPLETE) {
                break;
            }
            int consumed = remaining.length() - info.remaining().length();
            if (offset + consumed >= cursor || info.remaining().isBlank()) {
                break;
            }
            offset += consumed;
            remaining = info.remaining();
        }
        return new Chunk(code.substring(offset), offset);
    }
}
