package dev.lakehouse.magics.sql;

import dev.lakehouse.magics.api.MagicException;
import dev.lakehouse.magics.api.RenderOptions;
import java.util.Map;

/** The {@code %config} keys the SQL magics read, with their defaults. */
public final class SqlConfig {
    /** Rows a result shows unless {@code --limit} says otherwise. */
    public static final String LIMIT = "sql.limit";
    /** Rows {@code --local} collects into a Tablesaw table unless {@code --limit} says otherwise. */
    public static final String LOCAL_LIMIT = "sql.local_limit";
    /** Rows a chart draws at most. */
    public static final String PLOT_LIMIT = "sql.plot_limit";
    /** Output format unless {@code --format} says otherwise: html, text, json, csv or markdown. */
    public static final String FORMAT = "sql.format";

    public static final int DEFAULT_LOCAL_LIMIT = 100_000;
    public static final int DEFAULT_PLOT_LIMIT = 5_000;

    private SqlConfig() {}

    public static int limit(Map<String, String> config) {
        return positiveInt(config, LIMIT, RenderOptions.DEFAULT_MAX_ROWS);
    }

    public static int localLimit(Map<String, String> config) {
        return positiveInt(config, LOCAL_LIMIT, DEFAULT_LOCAL_LIMIT);
    }

    public static int plotLimit(Map<String, String> config) {
        return positiveInt(config, PLOT_LIMIT, DEFAULT_PLOT_LIMIT);
    }

    public static String format(Map<String, String> config) {
        return config.getOrDefault(FORMAT, "html");
    }

    static int positiveInt(Map<String, String> config, String key, int fallback) {
        String raw = config.get(key);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.strip());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new MagicException(key + " must be a whole number of rows, not '" + raw
                + "'. Fix it with %config " + key + "=" + fallback + ".");
    }
}
