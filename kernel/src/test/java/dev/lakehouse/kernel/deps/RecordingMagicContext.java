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

/** A MagicContext that keeps what magics show. */
final class RecordingMagicContext implements MagicContext {
    final List<Object> displayed = new ArrayList<>();
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    private final Path notebook;
    private final SparkSession spark;

    RecordingMagicContext(Path notebook) {
        this(notebook, null);
    }

    /** {@code spark} stands for a session the notebook already started; null means Spark never started. */
    RecordingMagicContext(Path notebook, SparkSession spark) {
        this.notebook = notebook;
        this.spark = spark;
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
        if (spark == null) {
            throw new AssertionError("dependency magics must not start Spark");
        }
        return spark;
    }
    @Override public boolean sparkStarted() { return spark != null; }
    @Override public Map<String, String> config() { return new HashMap<>(); }
    @Override public String cellId() { return "cell-1"; }
    @Override public Optional<Path> notebookPath() { return Optional.ofNullable(notebook); }
    @Override public DisplayData render(Object value) { return DisplayData.text(String.valueOf(value)); }
}
