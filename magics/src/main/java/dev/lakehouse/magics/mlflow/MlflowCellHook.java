package dev.lakehouse.magics.mlflow;

import dev.lakehouse.magics.api.MagicContext;

/**
 * What the kernel tells MLflow around each top-level cell (see docs/MLFLOW.md, "Kernel wiring"):
 * before it runs, the cell's source (hashed into run tags, saved as the run's
 * {@code lakehouse/cells.java}) and the notebook path; after it succeeds, a flush so a metric the
 * cell logged has reached the server or the cell fails saying it has not.
 */
public final class MlflowCellHook {
    private MlflowCellHook() {}

    public static void beforeCell(MagicContext context, String source) {
        MlflowSession session = MlflowSession.global();
        session.setNotebookPath(context.notebookPath().orElse(null));
        session.cellStarted(source);
    }

    /** Throws {@link MlflowException} if metrics logged so far cannot be delivered; a no-op when nothing waits. */
    public static void afterCell(MagicContext context) {
        MlflowSession session = MlflowSession.global();
        if (session.pendingMetrics() > 0) {
            session.flush();
        }
    }
}
