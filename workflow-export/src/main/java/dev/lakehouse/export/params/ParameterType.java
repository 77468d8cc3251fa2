package dev.lakehouse.export.params;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Java types a parameters cell may declare. Each knows how to read a literal default from the cell, coerce a run
 * value ({@code -p name=value} text) and write a value back as Java source.
 */
public enum ParameterType {

    STRING("String", "java.lang.String") {
        @Override
        Object coerce(String text) {
            return text;
        }

        @Override
        Optional<Object> literal(String initializer) {
            return JavaLiterals.unquote(initializer).map(s -> s);
        }

        @Override
        String javaExpression(Object value, String declaredType) {
            return JavaLiterals.quote((String) value);
        }
    },

    INT("int") {
        @Override
        Object coerce(String text) {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(looksLikeInteger(text)
                        ? "outside the int range -2147483648..2147483647 (declare it long)" : "not an integer");
            }
        }

        @Override
        Optional<Object> literal(String initializer) {
            return integerLiteral(initializer, false)
                    .filter(v -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE)
                    .map(Long::intValue);
        }

        @Override
        String javaExpression(Object value, String declaredType) {
            return value.toString();
        }
    },

    LONG("long") {
        @Override
        Object coerce(String text) {
            String trimmed = text.trim();
            if (trimmed.endsWith("L") || trimmed.endsWith("l")) {
                trimmed = trimmed.substring(0, trimmed.length() - 1);
            }
            try {
                return Long.parseLong(trimmed);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(looksLikeInteger(trimmed) ? "outside the long range" : "not an integer");
            }
        }

        @Override
        Optional<Object> literal(String initializer) {
            return integerLiteral(initializer, true).map(v -> v);
        }

        @Override
        String javaExpression(Object value, String declaredType) {
            return value + "L";
        }
    },

    DOUBLE("double") {
        @Override
        Object coerce(String text) {
            String trimmed = text.trim();
            if (!DECIMAL.matcher(trimmed).matches() && !SPECIAL_DOUBLE.matcher(trimmed).matches()) {
                throw new IllegalArgumentException("not a number");
            }
            return Double.parseDouble(trimmed);
        }

        @Override
        Optional<Object> literal(String initializer) {
            String text = initializer.replace("_", "").trim();
            if (DECIMAL.matcher(text).matches()) {
                return Optional.of(Double.parseDouble(text));
            }
            return Optional.empty();
        }

        @Override
        String javaExpression(Object value, String declaredType) {
            double number = (Double) value;
            if (Double.isNaN(number)) {
                return "Double.NaN";
            }
            if (Double.isInfinite(number)) {
                return number > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
            }
            return Double.toString(number);
        }
    },

    BOOLEAN("boolean") {
        @Override
        Object coerce(String text) {
            String trimmed = text.trim();
            if (trimmed.equalsIgnoreCase("true") || trimmed.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(trimmed);
            }
            throw new IllegalArgumentException("not true or false");
        }

        @Override
        Optional<Object> literal(String initializer) {
            String text = initializer.trim();
            return text.equals("true") || text.equals("false") ? Optional.of(Boolean.parseBoolean(text)) : Optional.empty();
        }

        @Override
        String javaExpression(Object value, String declaredType) {
            return value.toString();
        }
    },

    LOCAL_DATE("LocalDate", "java.time.LocalDate") {
        @Override
        Object coerce(String text) {
            try {
                return LocalDate.parse(text.trim());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not a date in ISO format yyyy-MM-dd");
            }
        }

        @Override
        Optional<Object> literal(String initializer) {
            String text = initializer.trim();
            Matcher of = DATE_OF.matcher(text);
            if (of.matches()) {
                try {
                    return Optional.of(LocalDate.of(Integer.parseInt(of.group(1)), Integer.parseInt(of.group(2)),
                            Integer.parseInt(of.group(3))));
                } catch (RuntimeException e) {
                    return Optional.empty();
                }
            }
            Matcher parse = DATE_PARSE.matcher(text);
            if (parse.matches()) {
                try {
                    return JavaLiterals.unquote(parse.group(1)).map(LocalDate::parse);
                } catch (DateTimeParseException e) {
                    return Optional.empty();
                }
            }
            return Optional.empty();
        }

        @Override
        String javaExpression(Object value, String declaredType) {
            LocalDate date = (LocalDate) value;
            return declaredType + ".of(" + date.getYear() + ", " + date.getMonthValue() + ", " + date.getDayOfMonth() + ")";
        }

        @Override
        String runValue(Object value) {
            return value.toString();
        }
    },

    LIST_OF_STRING("List<String>", "java.util.List<String>", "List<java.lang.String>", "java.util.List<java.lang.String>") {
        @Override
        Object coerce(String text) {
            String trimmed = text.trim();
            if (trimmed.startsWith("[")) {
                return jsonStringArray(trimmed);
            }
            if (trimmed.isEmpty()) {
                return List.of();
            }
            return Arrays.stream(trimmed.split(",", -1)).map(String::trim).toList();
        }

        @Override
        Optional<Object> literal(String initializer) {
            Matcher call = LIST_CALL.matcher(initializer.trim());
            if (!call.matches()) {
                return Optional.empty();
            }
            List<String> elements = new ArrayList<>();
            for (JavaStatements.Statement argument : splitArguments(call.group(1))) {
                Optional<String> element = JavaLiterals.unquote(argument.text());
                if (element.isEmpty()) {
                    return Optional.empty();
                }
                elements.add(element.get());
            }
            return Optional.of(List.copyOf(elements));
        }

        @Override
        String javaExpression(Object value, String declaredType) {
            String listType = declaredType.substring(0, declaredType.indexOf('<'));
            @SuppressWarnings("unchecked")
            List<String> items = (List<String>) value;
            return listType + ".of(" + items.stream().map(JavaLiterals::quote).collect(Collectors.joining(", ")) + ")";
        }

        @Override
        String runValue(Object value) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            @SuppressWarnings("unchecked")
            List<String> items = (List<String>) value;
            items.forEach(array::add);
            return array.toString();
        }
    };

    private static final Pattern DECIMAL = Pattern.compile(
            "[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?[dDfF]?");
    private static final Pattern SPECIAL_DOUBLE = Pattern.compile("[+-]?(NaN|Infinity)");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DATE_OF = Pattern.compile(
            "(?:java\\.time\\.)?LocalDate\\s*\\.\\s*of\\s*\\(\\s*(\\d{1,4})\\s*,\\s*(\\d{1,2})\\s*,\\s*(\\d{1,2})\\s*\\)");
    private static final Pattern DATE_PARSE = Pattern.compile(
            "(?:java\\.time\\.)?LocalDate\\s*\\.\\s*parse\\s*\\(\\s*(\".*\")\\s*\\)", Pattern.DOTALL);
    private static final Pattern LIST_CALL = Pattern.compile(
            "(?:(?:java\\.util\\.)?List\\s*\\.\\s*of|(?:java\\.util\\.)?Arrays\\s*\\.\\s*asList)\\s*\\((.*)\\)", Pattern.DOTALL);
    private static final Pattern INTEGER_LITERAL = Pattern.compile(
            "([+-]?)\\s*(0[xX][0-9a-fA-F_]+|0[bB][01_]+|\\d[\\d_]*)([lL]?)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> spellings;

    ParameterType(String... spellings) {
        this.spellings = List.of(spellings);
    }

    /** The usual Java spelling, e.g. {@code List<String>}. */
    public String javaName() {
        return spellings.get(0);
    }

    /** The type for a declared type spelling (whitespace ignored), if supported. */
    public static Optional<ParameterType> fromJava(String declared) {
        String normalized = declared.replaceAll("\\s+", "");
        return Arrays.stream(values()).filter(t -> t.spellings.contains(normalized)).findFirst();
    }

    public static String supportedNames() {
        return Arrays.stream(values()).map(ParameterType::javaName).collect(Collectors.joining(", "));
    }

    public boolean isPrimitive() {
        return this == INT || this == LONG || this == DOUBLE || this == BOOLEAN;
    }

    /**
     * Converts run-value text to this type.
     *
     * @throws IllegalArgumentException whose message says why the text does not fit (e.g. "not an integer")
     */
    abstract Object coerce(String text);

    /** The value of a literal initializer; empty if the initializer is not a literal this type understands. */
    abstract Optional<Object> literal(String initializer);

    /** Java source for {@code value}; {@code declaredType} is the cell's own spelling (qualified or not). */
    abstract String javaExpression(Object value, String declaredType);

    /** The text form of a value, as {@code -p} takes it and job parameters store it. */
    String runValue(Object value) {
        return value.toString();
    }

    private static boolean looksLikeInteger(String text) {
        return INTEGER.matcher(text.trim()).matches();
    }

    private static Optional<Long> integerLiteral(String initializer, boolean allowLongSuffix) {
        Matcher matcher = INTEGER_LITERAL.matcher(initializer.trim());
        if (!matcher.matches() || (!allowLongSuffix && !matcher.group(3).isEmpty())) {
            return Optional.empty();
        }
        String digits = matcher.group(2).replace("_", "");
        try {
            long magnitude;
            if (digits.startsWith("0x") || digits.startsWith("0X")) {
                magnitude = Long.parseUnsignedLong(digits.substring(2), 16);
            } else if (digits.startsWith("0b") || digits.startsWith("0B")) {
                magnitude = Long.parseUnsignedLong(digits.substring(2), 2);
            } else {
                return Optional.of(Long.parseLong(matcher.group(1) + digits));
            }
            return Optional.of(matcher.group(1).equals("-") ? -magnitude : magnitude);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static List<String> jsonStringArray(String text) {
        JsonNode array;
        try {
            array = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON array of strings");
        }
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("not a JSON array of strings");
        }
        List<String> items = new ArrayList<>();
        for (JsonNode element : array) {
            if (!element.isTextual()) {
                throw new IllegalArgumentException("element " + element + " is not a string");
            }
            items.add(element.asText());
        }
        return List.copyOf(items);
    }

    /** Splits call arguments at top-level commas, reusing the statement splitter's lexing. */
    private static List<JavaStatements.Statement> splitArguments(String arguments) {
        StringBuilder separated = new StringBuilder();
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < arguments.length(); i++) {
            char c = arguments.charAt(i);
            if (inString) {
                if (c == '\\' && i + 1 < arguments.length()) {
                    separated.append(c).append(arguments.charAt(++i));
                    continue;
                }
                inString = c != '"';
            } else if (c == '"') {
                inString = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                separated.append(';');
                continue;
            }
            separated.append(c);
        }
        return JavaStatements.split(separated.toString());
    }
}
