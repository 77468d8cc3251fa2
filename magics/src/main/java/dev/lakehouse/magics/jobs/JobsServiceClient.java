package dev.lakehouse.magics.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.magics.api.MagicException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The few jobs-service calls {@code %job} makes. The kernel cannot depend on server-extension (where the
 * service and its full client live), so this is a deliberately small JSON-over-HTTP client of its own.
 */
final class JobsServiceClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final String baseUrl;
    private final String token;
    private final String origin;

    JobsServiceClient(String baseUrl, String token, String origin) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
        this.origin = origin;
    }

    /**
     * The service from {@code LAKEHOUSE_JOBS_URL} with {@code LAKEHOUSE_JOBS_TOKEN} or {@code LAKEHOUSE_JOBS_TOKEN_FILE},
     * else from {@code service.json} and the token file the service writes into {@code LAKEHOUSE_HOME/jobs}.
     */
    static JobsServiceClient locate(Map<String, String> env, Path stateDirectory) {
        String url = env.get("LAKEHOUSE_JOBS_URL");
        String origin = "LAKEHOUSE_JOBS_URL";
        Path tokenFile = stateDirectory.resolve("token");
        if (url == null || url.isBlank()) {
            Path serviceFile = stateDirectory.resolve("service.json");
            if (!Files.isRegularFile(serviceFile)) {
                throw new MagicException("No jobs service found: LAKEHOUSE_JOBS_URL is not set and " + serviceFile
                        + " does not exist. Start one with `./lakehouse start` (JupyterLab starts it) or"
                        + " `./lakehouse jobs serve`, or set LAKEHOUSE_JOBS_URL and LAKEHOUSE_JOBS_TOKEN_FILE.");
            }
            try {
                JsonNode info = JSON.readTree(serviceFile.toFile());
                url = info.path("url").asText(null);
                if (info.hasNonNull("token_file")) {
                    tokenFile = Path.of(info.get("token_file").asText());
                }
            } catch (IOException e) {
                throw new MagicException("Cannot read " + serviceFile + ": " + e.getMessage());
            }
            if (url == null) {
                throw new MagicException(serviceFile + " names no url; restart the jobs service.");
            }
            origin = serviceFile.toString();
        }
        String token = env.get("LAKEHOUSE_JOBS_TOKEN");
        if (token == null || token.isBlank()) {
            if (env.get("LAKEHOUSE_JOBS_TOKEN_FILE") != null) {
                tokenFile = Path.of(env.get("LAKEHOUSE_JOBS_TOKEN_FILE"));
            }
            try {
                token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new MagicException("Cannot read the jobs service token from " + tokenFile
                        + ". Set LAKEHOUSE_JOBS_TOKEN_FILE (or LAKEHOUSE_JOBS_TOKEN) to the service's token.");
            }
        }
        return new JobsServiceClient(url, token, origin);
    }

    String baseUrl() {
        return baseUrl;
    }

    JsonNode get(String path) {
        return send("GET", path, null);
    }

    JsonNode post(String path, Object body) {
        return send("POST", path, body);
    }

    JsonNode delete(String path) {
        return send("DELETE", path, null);
    }

    private JsonNode send(String method, String path, Object body) {
        HttpResponse<String> response;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build();
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new MagicException("Cannot reach the jobs service at " + baseUrl + " (from " + origin + "). Is it"
                    + " running? Start it with `./lakehouse start` or `./lakehouse jobs serve`.");
        } catch (HttpTimeoutException e) {
            throw new MagicException("The jobs service at " + baseUrl + " did not answer within 30 s.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MagicException("Interrupted while talking to the jobs service.");
        } catch (IOException | IllegalArgumentException e) {
            throw new MagicException("Cannot talk to the jobs service at " + baseUrl + ": " + e.getMessage());
        }
        JsonNode answer;
        try {
            answer = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new MagicException("The jobs service at " + baseUrl + " answered " + response.statusCode()
                    + " with something that is not JSON; is LAKEHOUSE_JOBS_URL right?");
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new MagicException("The jobs service at " + baseUrl + " refused the token (" + response.statusCode()
                    + "); the token file belongs to another service?");
        }
        if (response.statusCode() >= 300) {
            StringBuilder message = new StringBuilder(answer.path("message").asText("HTTP " + response.statusCode()));
            answer.path("problems").forEach(p -> message.append("\n  ").append(p.asText()));
            throw new MagicException(message.toString());
        }
        return answer;
    }
}
