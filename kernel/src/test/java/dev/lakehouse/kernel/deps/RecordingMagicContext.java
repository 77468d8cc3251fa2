package dev.lakehouse.kernel.deps;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.api.MagicContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/** A MagicContext for a notebook without Spark that keeps what magics show. */
final class RecordingMagicContext implements MagicContext {
    final List<Object> displayed = new ArrayList<>();
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    private final Path notebook;

    RecordingMagicContext(Path notebook) {
        this.notebook = notebook;
    }

    String outText() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    DisplayData lastDisplay() {
        return (DisplayData) displayed.get(displayed.size() - 1);
    }

    @Override public void display(Object value) { displayed.add(value); }
    @Override public String displayWithId(Object value) { displayed.add(value); return "display-" + displayed.size(); }
    @Override public void updateDisplay(String displayId, Object value) { displayed.add(value); }
    @Override public PrintStream out() { return out; }
    @Override public PrintStream err() { return err; }
    @Override public Optional<Object> variable(String name) { return Optional.empty(); }
    @Override public void defineVariable(String name, String javaType, Object value) {
        throw new UnsupportedOperationException("not needed by dependency magics");
    }
    @Override public SparkSession spark() {
        throw new AssertionError("dependency magics must not start Spark");
    }
    @Override public boolean sparkStarted() { return false; }
    @Override public Map<String, String> config() { return new HashMap<>(); }
    @Override public String cellId() { return "cell-1"; }
    @Override public Optional<Path> notebookPath() { return Optional.ofNullable(notebook); }
    @Override public DisplayData render(Object value) { return DisplayData.text(String.valueOf(value)); }
}
