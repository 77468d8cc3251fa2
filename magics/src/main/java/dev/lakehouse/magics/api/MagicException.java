package dev.lakehouse.magics.api;

/**
 * A user mistake (bad option, unknown table...). The kernel shows only the message, never a stack
 * trace, so the message must say what was wrong and what to do instead.
 */
public class MagicException extends RuntimeException {
    public MagicException(String message) {
        super(message);
    }

    public MagicException(String message, Throwable cause) {
        super(message, cause);
    }
}
