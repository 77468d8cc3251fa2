package dev.lakehouse.export.validation;

import java.util.Objects;

/**
 * One mistake found in a notebook or job spec.
 *
 * @param kind     category, stable for programs
 * @param location where, for people: {@code etl.ipynb cells[3] (id "clean")} or {@code job.json tasks[1].max_retries}
 * @param message  what is wrong and, where possible, how to fix it
 */
public record Problem(ProblemKind kind, String location, String message) {

    public Problem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
    }

    /** The one-line form the CLI prints: {@code location: message}. */
    @Override
    public String toString() {
        return location.isEmpty() ? message : location + ": " + message;
    }
}
