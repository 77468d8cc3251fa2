package dev.lakehouse.export.spec;

/** (ours) What to do with fire times missed while the service was down. */
public enum CatchUpPolicy {
    /** Skip them all. */
    NONE,
    /** Run once for the most recent one (default). */
    LATEST,
    /** Run once for each, oldest first. */
    ALL
}
