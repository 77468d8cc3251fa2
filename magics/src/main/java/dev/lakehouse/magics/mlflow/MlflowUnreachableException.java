package dev.lakehouse.magics.mlflow;

/** No answer from the tracking server (refused, reset, timed out, or kept answering 5xx) after retrying. */
public final class MlflowUnreachableException extends MlflowException {
    public MlflowUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
