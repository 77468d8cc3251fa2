package dev.lakehouse.jobs.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.export.validation.Problem;
import dev.lakehouse.export.validation.ValidationException;
import dev.lakehouse.jobs.ServiceLog;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import io.javalin.router.ParsedEndpoint;
import java.util.List;

/**
 * Javalin serving the route table. A before-handler checks the bearer token on every request,
 * whatever its path (unknown paths included), before any route runs: 401 without a token, 403 with
 * a wrong one. Nothing about requests is logged.
 */
public final class ApiServer implements AutoCloseable {
    private final Javalin app;

    public ApiServer(List<Route> routes, ApiToken token) {
        app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.prefer405over404 = true;
            config.jsonMapper(new JavalinJackson(JobsApi.JSON, false));
        });
        app.before(ctx -> authenticate(ctx, token));
        for (Route route : routes) {
            app.addHttpHandler(route.method(), route.path(), route.handler());
        }
        app.exception(ApiError.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage(), null));
        app.exception(ValidationException.class, (e, ctx) -> error(ctx, 400, "INVALID_PARAMETER_VALUE",
                "the job is invalid", e.problems()));
        app.exception(Exception.class, (e, ctx) -> {
            ServiceLog.warn("%s %s failed: %s", ctx.method(), ctx.path(), e);
            error(ctx, 500, "INTERNAL_ERROR", "internal error: " + e.getClass().getSimpleName(), null);
        });
        app.error(404, ctx -> {
            if (ctx.result() == null) {
                error(ctx, 404, "ENDPOINT_NOT_FOUND", "no endpoint " + ctx.method() + " " + ctx.path(), null);
            }
        });
        app.error(405, ctx -> error(ctx, 405, "METHOD_NOT_ALLOWED", ctx.method() + " is not allowed on " + ctx.path(), null));
    }

    private static void authenticate(Context ctx, ApiToken token) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiError(401, "UNAUTHENTICATED", "missing bearer token (Authorization: Bearer TOKEN)");
        }
        if (!token.matches(header.substring(7).strip())) {
            throw new ApiError(403, "PERMISSION_DENIED", "invalid token");
        }
    }

    private static void error(Context ctx, int status, String code, String message, List<Problem> problems) {
        ObjectNode body = JobsApi.JSON.createObjectNode();
        body.put("error_code", code);
        body.put("message", message);
        if (problems != null) {
            ArrayNode list = body.putArray("problems");
            problems.forEach(p -> list.add(p.toString()));
        }
        ctx.status(HttpStatus.forStatus(status)).json(body);
    }

    /**
     * Every HTTP endpoint Javalin actually serves (before/after filters aside), however it was added,
     * as {@code "METHOD path"}; the security test walks this, not only the route table.
     */
    public List<String> servedEndpoints() {
        return app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream()
                .map(ParsedEndpoint::getEndpoint)
                .filter(e -> e.getMethod().isHttpMethod())
                .map(e -> e.getMethod().name() + " " + e.getPath())
                .toList();
    }

    /** WebSocket endpoints served; the API has none, and the security test checks it stays so. */
    public int webSocketEndpointCount() {
        return app.unsafeConfig().pvt.internalRouter.allWsHandlers().size();
    }

    public int start(String host, int port) {
        app.start(host, port);
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
