package dev.lakehouse.magics.delta;

import dev.lakehouse.magics.api.DisplayData;

/** A result of the {@link Delta} API that knows how to show itself in a notebook. */
public interface DeltaResult {
    /** Renders the result; tables show at most {@code maxRows} rows each. */
    DisplayData toDisplayData(int maxRows);
}
