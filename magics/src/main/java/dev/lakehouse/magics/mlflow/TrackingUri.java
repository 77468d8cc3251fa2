package dev.lakehouse.magics.mlflow;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

/** Where the tracking server is: an http(s) URI, from the user, {@code MLFLOW_TRACKING_URI} or the embedded default. */
public final class TrackingUri {
    /** The local server {@code ./lakehouse} starts (see docs/MLFLOW.md). */
    public static final String EMBEDDED_DEFAULT = "http://127.0.0.1:5000";
    public static final String ENVIRONMENT_VARIABLE = "MLFLOW_TRACKING_URI";

    private TrackingUri() {}

    public static URI fromEnvironment(Map<String, String> env) {
        String configured = env.get(ENVIRONMENT_VARIABLE);
        return parse(configured == null || configured.isBlank() ? EMBEDDED_DEFAULT : configured.strip());
    }

    /** Validates {@code text}; trailing slashes are dropped so paths can be appended. */
    public static URI parse(String text) {
        String trimmed = text.strip();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.startsWith("databricks") || lower.startsWith("file:") || lower.startsWith("sqlite:")
                || lower.startsWith("postgresql:") || lower.startsWith("mysql:") || (!lower.contains(":") && trimmed.startsWith("/"))) {
            throw new MlflowException("'" + trimmed + "' is a store, not a tracking server. From Java, MLflow is reached over"
                    + " HTTP: run `mlflow server --backend-store-uri " + trimmed + "` and connect to it, e.g."
                    + " %mlflow connect " + EMBEDDED_DEFAULT);
        }
        URI uri;
        try {
            uri = new URI(trimmed.replaceAll("/+$", ""));
        } catch (URISyntaxException e) {
            throw new MlflowException("Not a valid tracking URI: '" + trimmed + "' (" + e.getReason()
                    + "). Use http(s)://HOST:PORT, e.g. " + EMBEDDED_DEFAULT);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new MlflowException("Not an http(s) tracking URI: '" + trimmed + "'. Use http(s)://HOST:PORT,"
                    + " e.g. " + EMBEDDED_DEFAULT + (scheme.isEmpty() || uri.getHost() == null ? " (the scheme and host are required)" : ""));
        }
        return uri;
    }
}
