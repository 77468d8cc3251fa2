package dev.lakehouse.magics.api;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * What a magic may do to the notebook it runs in. The kernel (and the headless runner) implement
 * it; magics never see ZeroMQ or JShell directly.
 */
public interface MagicContext {
    /** Shows a value in the current cell's output (rendered through the renderer registry). */
    void display(Object value);

    /** Shows a value under a display id that {@link #updateDisplay} can later replace. */
    String displayWithId(Object value);

    void updateDisplay(String displayId, Object value);

    PrintStream out();

    PrintStream err();

    /** The value of a notebook (JShell) variable, if one with that name is defined. */
    Optional<Object> variable(String name);

    /**
     * Defines or replaces a notebook variable, so later cells can use it by name.
     * {@code javaType} is the declared source type, e.g. {@code "Dataset<Row>"}.
     */
    void defineVariable(String name, String javaType, Object value);

    /** The shared SparkSession, created on first use. */
    SparkSession spark();

    /** True once the SparkSession exists (does not create it). */
    boolean sparkStarted();

    /** Kernel-wide settings changed with {@code %config key=value} (e.g. {@code sql.limit}). */
    Map<String, String> config();

    /** A stable id for the cell being run; used as the Spark job group. */
    String cellId();

    /** The notebook's path when the frontend or runner told us, else empty. */
    Optional<Path> notebookPath();

    /** Renders a value to a MIME bundle with the registered renderers. */
    DisplayData render(Object value);

    /**
     * Runs {@code code} as the kernel runs a cell (Java and {@code %line} magics), inside the
     * current cell: its output goes to this cell and its variables stay defined. Returns the value
     * of the last expression, or null. If the code fails, throws a RuntimeException that the
     * caller rethrows unchanged, so the kernel reports the failure as it would for the cell itself.
     * Used by cell magics that wrap code, e.g. {@code %%mlflow run}. Kernels that cannot do this
     * keep the default.
     */
    default Object runCell(String code) {
        throw new UnsupportedOperationException("This kernel cannot run cell code from a magic.");
    }
}
