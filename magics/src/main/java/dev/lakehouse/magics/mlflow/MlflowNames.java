package dev.lakehouse.magics.mlflow;

import java.util.regex.Pattern;

/** MLflow's rules for metric, param and tag keys, checked before anything is sent. */
final class MlflowNames {
    private static final Pattern ALLOWED = Pattern.compile("[\\w./\\- :]+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern DOT_SEGMENT = Pattern.compile("(^|.*/)\\.\\.?(/.*|$)");
    private static final int MAX_KEY = 250;
    private static final int MAX_PARAM_VALUE = 6000;
    private static final int MAX_TAG_VALUE = 8000;

    private MlflowNames() {}

    static String requireValidKey(String kind, String key) {
        if (key == null || key.isBlank()) {
            throw new MlflowException("A " + kind + " needs a name.");
        }
        if (key.length() > MAX_KEY) {
            throw new MlflowException(kind + " name '" + key.substring(0, 40) + "...' is longer than " + MAX_KEY + " characters.");
        }
        if (!ALLOWED.matcher(key).matches()) {
            throw new MlflowException("Invalid " + kind + " name '" + key + "': use letters, digits, underscores (_),"
                    + " dashes (-), periods (.), spaces, colons (:) and slashes (/).");
        }
        if (key.startsWith("/") || key.contains("//") || key.endsWith("/") || key.equals(".")
                || DOT_SEGMENT.matcher(key).matches()) {
            throw new MlflowException("Invalid " + kind + " name '" + key + "': MLflow treats names like file paths,"
                    + " so no leading or trailing '/', no '//', and no '.' or '..' segments.");
        }
        return key;
    }

    /** A param or tag: a valid key, and a value within MLflow's length limit. */
    static void requireValidEntry(String kind, String key, String value) {
        requireValidKey(kind, key);
        int max = kind.equals("param") ? MAX_PARAM_VALUE : MAX_TAG_VALUE;
        if (value.length() > max) {
            throw new MlflowException("The value of " + kind + " '" + key + "' has " + value.length()
                    + " characters; MLflow keeps at most " + max + ". Log long text as an artifact instead.");
        }
    }
}
