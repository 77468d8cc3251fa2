package dev.lakehouse.magics.vector;

import dev.lakehouse.magics.api.MagicException;
import dev.lakehouse.magics.sql.SqlErrors;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.SparkSession;

/** Finds the user-facing reason inside a failed Spark job (an executor's error arrives wrapped). */
final class VectorErrors {
    private VectorErrors() {}

    /** Our own messages from inside the chain, Spark's errors cleaned up, anything else unchanged. */
    static RuntimeException explain(Exception error, SparkSession spark) {
        for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof MagicException magic) {
                return magic;
            }
            if (t instanceof IllegalArgumentException && !(t instanceof SparkThrowable) && t.getMessage() != null) {
                return new MagicException(firstLine(t.getMessage()), error);
            }
        }
        if (error instanceof SparkThrowable || !(error instanceof RuntimeException)) {
            return SqlErrors.explain(error, "", spark);
        }
        return (RuntimeException) error;
    }

    static RuntimeException fromSpark(RuntimeException error) {
        for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof MagicException magic) {
                return magic;
            }
            if (t instanceof IllegalArgumentException && !(t instanceof SparkThrowable) && t.getMessage() != null) {
                return new MagicException(firstLine(t.getMessage()), error);
            }
        }
        return error;
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
