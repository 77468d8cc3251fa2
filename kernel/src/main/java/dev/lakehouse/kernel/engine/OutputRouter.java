package dev.lakehouse.kernel.engine;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Decides which cell a write to System.out/err belongs to: a Spark task belongs to the cell whose
 * job group it runs in; a thread started by a cell belongs to that cell (inherited); anything else
 * goes to the cell running now, or to the kernel's own log when none is.
 */
public final class OutputRouter {
    private static final InheritableThreadLocal<CellOutput> THREAD_CELL = new InheritableThreadLocal<>();

    private final Map<String, CellOutput> cellsById = new ConcurrentHashMap<>();
    private final PrintStream kernelOut;
    private final PrintStream kernelErr;
    private volatile CellOutput foreground;
    private volatile Supplier<String> sparkJobGroup = () -> null;

    public OutputRouter(PrintStream kernelOut, PrintStream kernelErr) {
        this.kernelOut = kernelOut;
        this.kernelErr = kernelErr;
    }

    public PrintStream kernelErr() {
        return kernelErr;
    }

    /** Replaces System.out and System.err once, for the life of the process. */
    public void install() {
        System.setOut(new PrintStream(new RoutedStream(false), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new RoutedStream(true), true, StandardCharsets.UTF_8));
    }

    /** Called once Spark is up: returns the job group of the Spark task on this thread, if any. */
    public void useSparkJobGroupLookup(Supplier<String> lookup) {
        this.sparkJobGroup = lookup;
    }

    /** Makes {@code cell} the foreground cell; threads the caller starts inherit it. */
    public void enter(CellOutput cell) {
        cellsById.put(cell.cellId(), cell);
        THREAD_CELL.set(cell);
        foreground = cell;
    }

    public void leave(CellOutput cell) {
        cell.finish();
        if (foreground == cell) {
            foreground = null;
        }
        THREAD_CELL.remove();
        if (cellsById.size() > 256) {
            cellsById.values().removeIf(c -> !c.isRunning());
        }
    }

    /** A cell by id, while it is running or recently finished. */
    public java.util.Optional<CellOutput> cell(String cellId) {
        return java.util.Optional.ofNullable(cellsById.get(cellId));
    }

    /** The cell that output or displays from the current thread belong to, or null. */
    public CellOutput current() {
        String group = sparkJobGroup.get();
        if (group != null) {
            CellOutput byGroup = cellsById.get(group);
            if (byGroup != null) {
                return byGroup;
            }
        }
        CellOutput inherited = THREAD_CELL.get();
        if (inherited != null) {
            return inherited;
        }
        return foreground;
    }

    private final class RoutedStream extends OutputStream {
        private final boolean error;

        RoutedStream(boolean error) {
            this.error = error;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            CellOutput cell = current();
            if (cell != null) {
                cell.write(error, b, off, len);
            } else {
                (error ? kernelErr : kernelOut).write(b, off, len);
            }
        }

        @Override
        public void flush() {
            // Batching is the cell's job; flushing per println would defeat it.
        }
    }
}
