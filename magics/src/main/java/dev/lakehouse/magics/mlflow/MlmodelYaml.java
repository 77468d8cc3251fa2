package dev.lakehouse.magics.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code MLmodel} file is YAML. Writing needs only nested maps of scalars, so a few lines
 * here beat a YAML dependency. Reading needs one value (the spark flavor's data directory), found
 * line by line, which also copes with the files Python's MLflow writes.
 */
final class MlmodelYaml {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_./:-]*");
    private static final Pattern RESERVED = Pattern.compile("(?i)null|~|true|false|yes|no|on|off|y|n");

    private MlmodelYaml() {}

    static String write(Map<String, ?> document) {
        StringBuilder out = new StringBuilder();
        writeMap(document, 0, out);
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static void writeMap(Map<String, ?> map, int indent, StringBuilder out) {
        for (Map.Entry<String, ?> e : map.entrySet()) {
            out.append(" ".repeat(indent)).append(scalar(e.getKey())).append(':');
            if (e.getValue() instanceof Map<?, ?> child && !child.isEmpty()) {
                out.append('\n');
                writeMap((Map<String, ?>) child, indent + 2, out);
            } else {
                out.append(' ').append(e.getValue() instanceof Map<?, ?> ? "{}" : scalar(e.getValue())).append('\n');
            }
        }
    }

    private static String scalar(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        String s = value.toString();
        if (PLAIN.matcher(s).matches() && !RESERVED.matcher(s).matches()) {
            return s;
        }
        try {
            return MlflowHttp.JSON.writeValueAsString(s); // a JSON string is a valid YAML double-quoted scalar
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code flavors.spark.model_data} (the Spark model's directory), if the file has a spark flavor. */
    static Optional<String> sparkModelData(String mlmodel) {
        int flavorsIndent = -1;
        int sparkIndent = -1;
        for (String line : mlmodel.split("\n")) {
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            int indent = line.length() - line.stripLeading().length();
            String text = line.strip();
            if (sparkIndent >= 0 && indent <= sparkIndent) {
                sparkIndent = -1;
            }
            if (flavorsIndent >= 0 && indent <= flavorsIndent) {
                flavorsIndent = -1;
            }
            if (text.equals("flavors:")) {
                flavorsIndent = indent;
            } else if (flavorsIndent >= 0 && sparkIndent < 0 && text.equals("spark:")) {
                sparkIndent = indent;
            } else if (sparkIndent >= 0 && text.startsWith("model_data:")) {
                return Optional.of(unquote(text.substring("model_data:".length()).strip()));
            }
        }
        return Optional.empty();
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("'") && value.endsWith("'") || value.startsWith("\"") && value.endsWith("\""))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
