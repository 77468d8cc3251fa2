package dev.lakehouse.magics.sql;

import dev.lakehouse.magics.api.MagicException;
import dev.lakehouse.magics.api.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Named queries saved with {@code --save} and reused with {@code --with}, composed as CTEs. A
 * snippet remembers the snippets it was built on, so {@code --with b} where b uses a brings a too.
 */
public final class SqlSnippets {
    record Snippet(String name, String sql, List<String> uses) {}

    private final Map<String, Snippet> snippets = new LinkedHashMap<>();

    public synchronized void save(String name, String sql, List<String> uses) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new MagicException("Snippet name '" + name + "' must be a SQL identifier (letters, digits, _).");
        }
        for (String used : uses) {
            if (used.equalsIgnoreCase(name)) {
                throw new MagicException("Snippet '" + name + "' cannot be built on itself.");
            }
            require(used);
        }
        snippets.put(name, new Snippet(name, stripTrailingSemicolon(sql), List.copyOf(uses)));
    }

    public synchronized Set<String> names() {
        return Set.copyOf(snippets.keySet());
    }

    /** {@code sql} with the snippets in {@code with} (and what they use) prepended as CTEs. */
    public synchronized String compose(List<String> with, String sql) {
        if (with.isEmpty()) {
            return sql;
        }
        Set<String> ordered = new LinkedHashSet<>();
        for (String name : with) {
            addWithDependencies(name, ordered, new LinkedHashSet<>());
        }
        List<String> ctes = new ArrayList<>();
        for (String name : ordered) {
            ctes.add(name + " AS (\n" + snippets.get(name).sql() + "\n)");
        }
        String body = stripTrailingSemicolon(sql);
        int afterWith = SqlText.afterLeadingWith(body);
        if (afterWith >= 0) {
            return "WITH " + String.join(",\n", ctes) + ",\n" + body.substring(afterWith).stripLeading();
        }
        return "WITH " + String.join(",\n", ctes) + "\n" + body;
    }

    private void addWithDependencies(String name, Set<String> ordered, Set<String> visiting) {
        Snippet snippet = require(name);
        if (!visiting.add(snippet.name())) {
            throw new MagicException("Snippets use each other in a cycle: " + String.join(" -> ", visiting));
        }
        for (String used : snippet.uses()) {
            addWithDependencies(used, ordered, visiting);
        }
        ordered.add(snippet.name());
        visiting.remove(snippet.name());
    }

    private Snippet require(String name) {
        Snippet snippet = snippets.get(name);
        if (snippet == null) {
            List<String> close = Suggestions.closest(name, snippets.keySet(), 3);
            throw new MagicException("No snippet named '" + name + "'. "
                    + (close.isEmpty() ? "Save one first with %%sql --save " + name
                    : "Did you mean: " + String.join(", ", close) + "?")
                    + (snippets.isEmpty() ? "" : " Saved: " + String.join(", ", snippets.keySet()) + "."));
        }
        return snippet;
    }

    static String stripTrailingSemicolon(String sql) {
        String s = sql.stripTrailing();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).stripTrailing();
        }
        return s;
    }
}
