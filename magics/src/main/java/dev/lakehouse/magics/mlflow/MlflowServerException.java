package dev.lakehouse.magics.mlflow;

/** The tracking server answered with an error, e.g. {@code RESOURCE_DOES_NOT_EXIST}. */
public final class MlflowServerException extends MlflowException {
    public static final String NOT_FOUND = "RESOURCE_DOES_NOT_EXIST";
    public static final String ALREADY_EXISTS = "RESOURCE_ALREADY_EXISTS";
    public static final String INVALID_PARAMETER = "INVALID_PARAMETER_VALUE";

    private final int httpStatus;
    private final String errorCode;
    private final String serverMessage;

    public MlflowServerException(int httpStatus, String errorCode, String serverMessage, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.serverMessage = serverMessage;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** MLflow's error code, or empty when the server did not send one. */
    public String errorCode() {
        return errorCode;
    }

    public String serverMessage() {
        return serverMessage;
    }

    public boolean isNotFound() {
        return NOT_FOUND.equals(errorCode) || httpStatus == 404;
    }

    public boolean isAlreadyExists() {
        return ALREADY_EXISTS.equals(errorCode);
    }
}
