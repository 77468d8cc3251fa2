package dev.lakehouse.jobs.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The jobs service's HTTP API from Java: what the CLI (and tests) talk through. */
public final class JobsClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String token;

    public JobsClient(String baseUrl, String token) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
    }

    /** An answer that was not 2xx: status and the service's message. */
    public static final class ApiException extends IOException {
        private final int status;

        public ApiException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /**
     * Where the service is: {@code url} and {@code tokenFile} when given, else {@code LAKEHOUSE_JOBS_URL} /
     * {@code LAKEHOUSE_JOBS_TOKEN_FILE}, else what {@code jobs serve} wrote in the state directory.
     */
    public static JobsClient discover(String url, Path tokenFile, Path stateDirectory, Map<String, String> env) throws IOException {
        String base = url != null ? url : env.get("LAKEHOUSE_JOBS_URL");
        Path serviceFile = stateDirectory.resolve("service.json");
        if (base == null) {
            if (!Files.isRegularFile(serviceFile)) {
                throw new IOException("no jobs service found: " + serviceFile + " is missing; start one with"
                        + " `lakehouse jobs serve`, or pass --url");
            }
            base = JSON.readTree(serviceFile.toFile()).path("url").asText();
        }
        Path tokenPath = tokenFile != null ? tokenFile
                : env.containsKey("LAKEHOUSE_JOBS_TOKEN_FILE") ? Path.of(env.get("LAKEHOUSE_JOBS_TOKEN_FILE"))
                : stateDirectory.resolve("token");
        if (!Files.isRegularFile(tokenPath)) {
            throw new IOException("no API token at " + tokenPath + "; pass --token-file");
        }
        return new JobsClient(base, Files.readString(tokenPath, StandardCharsets.UTF_8).strip());
    }

    public String baseUrl() {
        return baseUrl;
    }

    public JsonNode get(String path) throws IOException {
        return send("GET", path, null);
    }

    public JsonNode post(String path, Object body) throws IOException {
        return send("POST", path, body);
    }

    public JsonNode put(String path, Object body) throws IOException {
        return send("PUT", path, body);
    }

    public JsonNode delete(String path) throws IOException {
        return send("DELETE", path, null);
    }

    /** The raw body of a GET (the output notebook, the OpenAPI text). */
    public String getText(String path) throws IOException {
        HttpResponse<String> response = exchange("GET", path, null);
        return response.body();
    }

    private JsonNode send(String method, String path, Object body) throws IOException {
        String text = exchange(method, path, body).body();
        return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
    }

    private HttpResponse<String> exchange(String method, String path, Object body) throws IOException {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, publisher)
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new IOException("cannot reach the jobs service at " + baseUrl + "; is `lakehouse jobs serve` running?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (response.statusCode() >= 300) {
            String message = response.body();
            try {
                JsonNode error = JSON.readTree(message);
                message = error.path("message").asText(message);
                if (error.has("problems")) {
                    StringBuilder all = new StringBuilder(message);
                    error.get("problems").forEach(p -> all.append("\n  ").append(p.asText()));
                    message = all.toString();
                }
            } catch (IOException notJson) {
                // Keep the raw body.
            }
            throw new ApiException(response.statusCode(), message);
        }
        return response;
    }
}
