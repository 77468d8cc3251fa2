package dev.lakehouse.kernel.engine;

import dev.lakehouse.magics.api.MagicContext;

/**
 * Told about every top-level cell the engine runs (silent ones excepted), e.g. so MLflow can hash
 * the notebook's cell sources and deliver a cell's buffered metrics before the cell counts as done.
 */
public interface CellHook {
    /** Before the cell runs. A failure here is reported on the kernel's stderr; the cell still runs. */
    default void beforeCell(MagicContext context, String code) {}

    /** After the cell succeeded; throwing makes the cell fail with that error. */
    default void afterCell(MagicContext context) throws Exception {}
}
