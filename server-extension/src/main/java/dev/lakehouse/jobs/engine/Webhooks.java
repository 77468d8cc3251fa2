package dev.lakehouse.jobs.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.export.spec.Webhook;
import dev.lakehouse.jobs.ServiceLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Run notifications: an HTTP POST of a small JSON document to each webhook URL, off the run's thread. */
public final class Webhooks {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public void send(List<Webhook> targets, Map<String, Object> event) {
        if (targets == null || targets.isEmpty()) {
            return;
        }
        String body;
        try {
            body = JSON.writeValueAsString(event);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        for (Webhook target : targets) {
            if (target.url() == null) {
                ServiceLog.warn("webhook destination id %s: only url destinations are supported here", target.id());
                continue;
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create(target.url()))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                if (error != null) {
                    ServiceLog.warn("webhook %s failed: %s", target.url(), error.getMessage());
                } else if (response.statusCode() >= 300) {
                    ServiceLog.warn("webhook %s answered %d", target.url(), response.statusCode());
                }
            });
        }
    }
}
