package dev.lakehouse.jobs.api;

/** An error answered to the client as {@code {"error_code": ..., "message": ...}} with an HTTP status. */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;

    public ApiError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, "INVALID_PARAMETER_VALUE", message);
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, "RESOURCE_DOES_NOT_EXIST", message);
    }

    public static ApiError conflict(String message) {
        return new ApiError(409, "INVALID_STATE", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
