package dev.lakehouse.jobs.api;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/** One API endpoint. The service's whole API is one list of these ({@link JobsApi#routes()}). */
public record Route(HandlerType method, String path, String summary, Handler handler) {
    /** GET reads; every other method changes state. */
    public boolean changesState() {
        return method != HandlerType.GET;
    }
}
