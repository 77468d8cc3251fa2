package dev.lakehouse.magics.sql;

import dev.lakehouse.magics.api.MagicContext;
import dev.lakehouse.magics.api.MagicException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Values for {@code :name} markers, handed to Spark's named-parameter API so they are bound as
 * data, never spliced into the SQL text. A value comes from {@code -p name=value} or else from the
 * notebook's Java variable of the same name.
 */
public final class SqlParameters {
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private SqlParameters() {}

    /** Binds every marker used in {@code sql}; fails clearly when one has no value. */
    public static Map<String, Object> bind(String sql, Map<String, String> options, MagicContext context) {
        Set<String> names = SqlText.parameterNames(sql);
        Map<String, Object> args = new LinkedHashMap<>();
        for (String name : names) {
            if (options.containsKey(name)) {
                args.put(name, fromOption(options.get(name)));
                continue;
            }
            Object value = context.variable(name).orElseThrow(() -> new MagicException(
                    "No value for parameter :" + name + ". Pass -p " + name + "=VALUE or define a Java variable '"
                            + name + "' in an earlier cell."));
            args.put(name, checked(name, value));
        }
        return args;
    }

    /**
     * Typed from its text: integers and decimals become numbers, true/false booleans, anything else
     * a string. Quote a value inside the option ({@code -p "code='007'"}) to keep it a string.
     */
    static Object fromOption(String raw) {
        String v = raw.strip();
        if (v.length() >= 2 && (v.startsWith("'") && v.endsWith("'") || v.startsWith("\"") && v.endsWith("\""))) {
            return v.substring(1, v.length() - 1);
        }
        if (INTEGER.matcher(v).matches()) {
            long n = Long.parseLong(v);
            if (n == (int) n) {
                return (int) n; // an int, so it also fits where Spark wants INT (LIMIT, array index)
            }
            return n;
        }
        if (DECIMAL.matcher(v).matches()) {
            return new BigDecimal(v);
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.valueOf(v);
        }
        return raw;
    }

    private static Object checked(String name, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Character || value instanceof LocalDate || value instanceof LocalDateTime
                || value instanceof Instant || value instanceof java.sql.Date || value instanceof java.sql.Timestamp
                || value instanceof byte[]) {
            return value instanceof Character ch ? ch.toString() : value;
        }
        throw new MagicException("Variable '" + name + "' is a " + value.getClass().getSimpleName()
                + "; SQL parameters take strings, numbers, booleans, dates and timestamps.");
    }
}
