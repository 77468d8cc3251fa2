package dev.lakehouse.magics.mlflow;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.api.MagicContext;
import dev.lakehouse.magics.testing.RecordingContext;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * The test kernel plus {@link MagicContext#runCell}: bodies run through a function the test
 * gives (standing in for JShell), or, with none, the context behaves like a kernel without it.
 */
final class CellRunningContext implements MagicContext {
    final RecordingContext recorded = new RecordingContext();
    private final Function<String, Object> cells;

    CellRunningContext(Function<String, Object> cells) {
        this.cells = cells;
    }

    @Override
    public Object runCell(String code) {
        if (cells == null) {
            return MagicContext.super.runCell(code);
        }
        return cells.apply(code);
    }

    @Override public void display(Object value) { recorded.display(value); }
    @Override public String displayWithId(Object value) { return recorded.displayWithId(value); }
    @Override public void updateDisplay(String id, Object value) { recorded.updateDisplay(id, value); }
    @Override public PrintStream out() { return recorded.out(); }
    @Override public PrintStream err() { return recorded.err(); }
    @Override public Optional<Object> variable(String name) { return recorded.variable(name); }
    @Override public void defineVariable(String name, String type, Object value) { recorded.defineVariable(name, type, value); }
    @Override public SparkSession spark() { return recorded.spark(); }
    @Override public boolean sparkStarted() { return recorded.sparkStarted(); }
    @Override public Map<String, String> config() { return recorded.config(); }
    @Override public String cellId() { return recorded.cellId(); }
    @Override public Optional<Path> notebookPath() { return recorded.notebookPath(); }
    @Override public DisplayData render(Object value) { return recorded.render(value); }
}
