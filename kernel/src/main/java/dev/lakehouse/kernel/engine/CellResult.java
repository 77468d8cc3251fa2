package dev.lakehouse.kernel.engine;

import dev.lakehouse.magics.api.DisplayData;
import java.util.List;

/** How a cell ended: with an optional value to show, or with an error. */
public record CellResult(DisplayData value, CellError error) {
    public static CellResult ok(DisplayData value) {
        return new CellResult(value, null);
    }

    public static CellResult failed(CellError error) {
        return new CellResult(null, error);
    }

    public boolean succeeded() {
        return error == null;
    }

    /** The error as Jupyter shows it: exception name, message, and traceback lines. */
    public record CellError(String name, String value, List<String> traceback) {}
}
