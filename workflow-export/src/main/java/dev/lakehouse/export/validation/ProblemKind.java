package dev.lakehouse.export.validation;

/** What kind of mistake a {@link Problem} reports; lets callers (the jobs service) map problems to responses. */
public enum ProblemKind {
    SYNTAX,
    UNKNOWN_FIELD,
    MISSING_FIELD,
    INVALID_VALUE,
    DUPLICATE_TASK_KEY,
    UNKNOWN_DEPENDENCY,
    CYCLE,
    CELL_WITHOUT_TASK,
    INVALID_CRON,
    INVALID_TIMEZONE,
    INVALID_PARAMETER,
    NOTEBOOK
}
