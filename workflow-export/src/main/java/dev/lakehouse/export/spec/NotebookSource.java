package dev.lakehouse.export.spec;

/** Databricks' {@code notebook_task.source}. */
public enum NotebookSource {
    WORKSPACE, GIT
}
