package dev.lakehouse.kernel.engine;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.api.MagicContext;
import dev.lakehouse.magics.api.MagicException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/** What a magic running in one cell may do, backed by the engine. */
final class KernelMagicContext implements MagicContext {
    private final NotebookEngine engine;
    private final CellOutput cell;

    KernelMagicContext(NotebookEngine engine, CellOutput cell) {
        this.engine = engine;
        this.cell = cell;
    }

    @Override
    public void display(Object value) {
        cell.display(engine.render(value));
    }

    @Override
    public String displayWithId(Object value) {
        return cell.display(engine.render(value));
    }

    @Override
    public void updateDisplay(String displayId, Object value) {
        cell.updateDisplay(displayId, engine.render(value));
    }

    @Override
    public PrintStream out() {
        return System.out;
    }

    @Override
    public PrintStream err() {
        return System.err;
    }

    @Override
    public Optional<Object> variable(String name) {
        return engine.evaluator().variable(name);
    }

    @Override
    public void defineVariable(String name, String javaType, Object value) {
        JavaEvaluator.Outcome outcome = engine.evaluator().define(name, javaType, value);
        if (outcome.failed()) {
            throw new MagicException("Could not define variable '" + name + "': " + outcome.error().value());
        }
    }

    @Override
    public SparkSession spark() {
        return engine.spark();
    }

    @Override
    public boolean sparkStarted() {
        return engine.sparkProvider().started();
    }

    @Override
    public Map<String, String> config() {
        return engine.config();
    }

    @Override
    public String cellId() {
        return cell.cellId();
    }

    @Override
    public Optional<Path> notebookPath() {
        return engine.notebookPath();
    }

    @Override
    public DisplayData render(Object value) {
        return engine.render(value);
    }

    @Override
    public Object runCell(String code) {
        return engine.runInsideCell(code, cell);
    }
}
