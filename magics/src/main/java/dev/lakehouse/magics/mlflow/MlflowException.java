package dev.lakehouse.magics.mlflow;

import dev.lakehouse.magics.api.MagicException;

/** Something MLflow-related went wrong; the message says what and what to do about it. */
public class MlflowException extends MagicException {
    public MlflowException(String message) {
        super(message);
    }

    public MlflowException(String message, Throwable cause) {
        super(message, cause);
    }
}
