package dev.lakehouse.magics.testing;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.api.MagicContext;
import dev.lakehouse.magics.api.RenderOptions;
import dev.lakehouse.magics.render.Renderers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/** Stands in for the kernel: records what magics display and which variables they define. */
public final class RecordingContext implements MagicContext {
    public record Variable(String javaType, Object value) {}

    public final List<DisplayData> displays = new ArrayList<>();
    public final Map<String, DisplayData> displaysById = new LinkedHashMap<>();
    public final Map<String, Variable> variables = new LinkedHashMap<>();
    public final Map<String, String> config = new HashMap<>();
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    private Path notebookPath;
    private int nextId;

    public RecordingContext withNotebook(Path path) {
        this.notebookPath = path;
        return this;
    }

    /** Stands in for a Java variable declared in an earlier cell. */
    public RecordingContext withVariable(String name, Object value) {
        variables.put(name, new Variable(value == null ? "Object" : value.getClass().getSimpleName(), value));
        return this;
    }

    public Object valueOf(String name) {
        Variable v = variables.get(name);
        return v == null ? null : v.value();
    }

    public String outText() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void display(Object value) {
        displays.add(render(value));
    }

    @Override
    public String displayWithId(Object value) {
        String id = "display-" + (++nextId);
        DisplayData data = render(value);
        displays.add(data);
        displaysById.put(id, data);
        return id;
    }

    @Override
    public void updateDisplay(String displayId, Object value) {
        displaysById.put(displayId, render(value));
    }

    @Override
    public PrintStream out() {
        return out;
    }

    @Override
    public PrintStream err() {
        return err;
    }

    @Override
    public Optional<Object> variable(String name) {
        return Optional.ofNullable(variables.get(name)).map(Variable::value);
    }

    @Override
    public void defineVariable(String name, String javaType, Object value) {
        variables.put(name, new Variable(javaType, value));
    }

    @Override
    public SparkSession spark() {
        return TestSpark.session();
    }

    @Override
    public boolean sparkStarted() {
        return TestSpark.provider().started();
    }

    @Override
    public Map<String, String> config() {
        return config;
    }

    @Override
    public String cellId() {
        return "test-cell";
    }

    @Override
    public Optional<Path> notebookPath() {
        return Optional.ofNullable(notebookPath);
    }

    @Override
    public DisplayData render(Object value) {
        return Renderers.render(value, RenderOptions.defaults());
    }
}
