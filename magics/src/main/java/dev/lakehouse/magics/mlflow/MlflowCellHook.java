package dev.lakehouse.magics.mlflow;

import dev.lakehouse.magics.api.MagicContext;

/**
 * What the kernel tells MLflow around each top-level cell (see docs/MLFLOW.md, "Kernel wiring"):
 * before it runs, the cell's source (hashed into run tags, saved as the run's
 * {@code lakehouse/cells.java}) and the notebook path; after it succeeds, if it logged metrics, a
 * flush so they have reached the server or the cell fails saying they have not. Later cells do not
 * fail for values still waiting (the background sender and {@code %mlflow flush} retry them).
 */
public final class MlflowCellHook {
    private MlflowCellHook() {}

    public static void beforeCell(MagicContext context, String source) {
        MlflowSession session = MlflowSession.global();
        session.setNotebookPath(context.notebookPath().orElse(null));
        session.cellStarted(source);
    }

    /** Throws {@link MlflowException} if metrics cannot be delivered; a no-op unless this cell logged some that wait. */
    public static void afterCell(MagicContext context) {
        MlflowSession session = MlflowSession.global();
        if (session.currentCellLoggedMetrics() && session.pendingMetrics() > 0) {
            session.flush();
        }
    }
}
