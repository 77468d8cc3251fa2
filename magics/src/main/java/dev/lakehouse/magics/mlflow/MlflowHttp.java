package dev.lakehouse.magics.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * JSON over HTTP to one tracking server: the REST API under {@code /api/2.0/mlflow/} and the
 * artifact proxy under {@code /api/2.0/mlflow-artifacts/artifacts/}. Requests the server did not
 * answer (connection refused or reset, timeouts, 429/502/503/504) are retried with backoff within
 * the {@link RetryPolicy}; then an {@link MlflowUnreachableException} says so. Error answers become
 * {@link MlflowServerException}s carrying MLflow's error code and message.
 */
public final class MlflowHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Integer> RETRYABLE_STATUS = Set.of(429, 502, 503, 504);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final URI baseUri;
    private final HttpClient client;
    private final String authorization;

    /** {@code authorization}: an HTTP Authorization header value for servers behind auth, or null. */
    public MlflowHttp(URI baseUri, String authorization) {
        this.baseUri = baseUri;
        this.authorization = authorization;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    public URI baseUri() {
        return baseUri;
    }

    public JsonNode get(String endpoint, Map<String, String> query, RetryPolicy retry) {
        HttpRequest request = request(apiUri(endpoint, query)).GET().build();
        return json(send(request, endpoint, retry), endpoint);
    }

    public JsonNode post(String endpoint, Object body, RetryPolicy retry) {
        byte[] payload;
        try {
            payload = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new MlflowException("Could not encode the request to " + endpoint + ": " + e.getMessage(), e);
        }
        HttpRequest request = request(apiUri(endpoint, Map.of()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build();
        return json(send(request, endpoint, retry), endpoint);
    }

    /** Stores {@code file} at {@code artifactPath} (relative to the server's artifact root) through the proxy. */
    public void upload(String artifactPath, Path file, RetryPolicy retry) {
        HttpRequest request;
        try {
            request = request(artifactUri(artifactPath, Map.of()))
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofFile(file)).build();
        } catch (IOException e) {
            throw new MlflowException("Cannot read " + file + " to upload it: " + e.getMessage(), e);
        }
        send(request, "artifact upload " + artifactPath, retry);
    }

    public void upload(String artifactPath, byte[] content, RetryPolicy retry) {
        HttpRequest request = request(artifactUri(artifactPath, Map.of()))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build();
        send(request, "artifact upload " + artifactPath, retry);
    }

    public void download(String artifactPath, Path target, RetryPolicy retry) {
        HttpRequest request = request(artifactUri(artifactPath, Map.of())).GET().build();
        byte[] body = send(request, "artifact download " + artifactPath, retry).body();
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.write(target, body);
        } catch (IOException e) {
            throw new MlflowException("Cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** The entries directly under {@code artifactPath}: {@code {"files": [{"path", "is_dir", "file_size"}]}}. */
    public JsonNode listArtifacts(String artifactPath, RetryPolicy retry) {
        HttpRequest request = request(artifactUri("", Map.of("path", artifactPath))).GET().build();
        return json(send(request, "artifact listing " + artifactPath, retry), "artifact listing");
    }

    /** A plain-text page outside the REST API (e.g. {@code version}); empty if the server has none. */
    public java.util.Optional<String> text(String path) {
        try {
            HttpResponse<String> response = client.send(request(URI.create(baseUri + "/" + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? java.util.Optional.of(response.body().strip()) : java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header("Accept", "application/json");
        return authorization == null ? builder : builder.header("Authorization", authorization);
    }

    private URI apiUri(String endpoint, Map<String, String> query) {
        return URI.create(baseUri + "/api/2.0/mlflow/" + endpoint + queryString(query));
    }

    private URI artifactUri(String artifactPath, Map<String, String> query) {
        StringJoiner path = new StringJoiner("/");
        for (String segment : artifactPath.split("/")) {
            if (!segment.isEmpty()) {
                path.add(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
            }
        }
        String suffix = path.length() == 0 ? "" : "/" + path;
        return URI.create(baseUri + "/api/2.0/mlflow-artifacts/artifacts" + suffix + queryString(query));
    }

    private static String queryString(Map<String, String> query) {
        if (query.isEmpty()) {
            return "";
        }
        StringJoiner q = new StringJoiner("&", "?", "");
        query.forEach((k, v) -> q.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return q.toString();
    }

    private HttpResponse<byte[]> send(HttpRequest request, String what, RetryPolicy retry) {
        long deadline = System.nanoTime() + retry.budget().toNanos();
        int attempt = 0;
        while (true) {
            String failure;
            Exception cause = null;
            try {
                HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return response;
                }
                if (!RETRYABLE_STATUS.contains(status)) {
                    throw serverError(response, what);
                }
                failure = "it answered HTTP " + status;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MlflowException("Interrupted while talking to the MLflow server at " + baseUri + " (" + what + ").", e);
            } catch (ConnectException e) {
                failure = "connection refused";
                cause = e;
            } catch (HttpTimeoutException e) {
                failure = "no answer in time";
                cause = e;
            } catch (IOException e) {
                failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                cause = e;
            }
            attempt++;
            Duration delay = retry.delayBefore(attempt);
            if (System.nanoTime() + delay.toNanos() > deadline) {
                throw unreachable(what, failure, retry, cause);
            }
            sleep(delay, what);
        }
    }

    private MlflowUnreachableException unreachable(String what, String failure, RetryPolicy retry, Exception cause) {
        long millis = retry.budget().toMillis();
        String retried = millis == 0 ? "" : " (retried for " + (millis < 1000 ? millis + " ms" : millis / 1000 + " s") + ")";
        return new MlflowUnreachableException("Cannot reach the MLflow tracking server at " + baseUri + ": " + failure
                + retried + " during " + what + ". Is `mlflow server` running there? Start one (see docs/MLFLOW.md)"
                + " or point at another with %mlflow connect URI.", cause);
    }

    private void sleep(Duration delay, String what) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlflowException("Interrupted while waiting to retry " + what + " against " + baseUri + ".", e);
        }
    }

    private MlflowServerException serverError(HttpResponse<byte[]> response, String what) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        String code = "";
        String message = body.strip();
        try {
            JsonNode error = JSON.readTree(body);
            if (error != null && error.isObject()) {
                code = error.path("error_code").asText("");
                message = error.path("message").asText(message);
            }
        } catch (IOException notJson) {
            // an HTML error page: not an MLflow server, or a wrong path prefix in the URI
            if (response.statusCode() == 404) {
                return new MlflowServerException(404, "", message, "The server at " + baseUri + " answered 404 to " + what
                        + ": it does not look like an MLflow tracking server (is the URI right, including any path prefix?).");
            }
            message = message.length() > 300 ? message.substring(0, 300) + "..." : message;
        }
        String shown = "MLflow server at " + baseUri + " rejected " + what + " (HTTP " + response.statusCode()
                + (code.isEmpty() ? "" : ", " + code) + "): " + message;
        return new MlflowServerException(response.statusCode(), code, message, shown);
    }

    private JsonNode json(HttpResponse<byte[]> response, String what) {
        try {
            byte[] body = response.body();
            return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new MlflowException("The server at " + baseUri + " sent something that is not JSON for " + what
                    + ": is it an MLflow tracking server?", e);
        }
    }
}
