package dev.lakehouse.kernel.protocol;

/** A multipart message that is not a valid, correctly signed Jupyter message. */
public class MalformedMessageException extends Exception {
    public MalformedMessageException(String message) {
        super(message);
    }
}
