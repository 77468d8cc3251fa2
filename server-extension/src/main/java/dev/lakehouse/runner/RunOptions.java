package dev.lakehouse.runner;

import java.nio.file.Path;
import java.util.Map;

/**
 * One headless run: the notebook, parameter values ({@code -p k=v}), optionally one task of a
 * cell-tagged notebook, and where the output notebook goes.
 */
public record RunOptions(Path notebook, Map<String, String> parameters, String taskKey, Path output) {
    public Path outputOrDefault() {
        if (output != null) {
            return output;
        }
        String name = notebook.getFileName().toString();
        String stem = name.endsWith(".ipynb") ? name.substring(0, name.length() - 6) : name;
        return notebook.toAbsolutePath().resolveSibling(stem + ".out.ipynb");
    }
}
