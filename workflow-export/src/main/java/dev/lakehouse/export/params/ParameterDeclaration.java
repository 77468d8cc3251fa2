package dev.lakehouse.export.params;

import java.util.Optional;

/**
 * One typed declaration from a parameters cell, e.g. {@code int n = 5;}.
 *
 * @param name          the variable name
 * @param type          its type
 * @param declaredType  the type as written (e.g. {@code java.time.LocalDate}), reused in injected code
 * @param initializer   the initializer source as written
 * @param defaultValue  the default's value if the initializer is a literal (String, Integer, Long, Double, Boolean,
 *                      LocalDate or List of String); empty for {@code null} or a non-literal expression
 * @param line          1-based line in the cell
 */
public record ParameterDeclaration(String name, ParameterType type, String declaredType, String initializer,
                                   Optional<Object> defaultValue, int line) {

    /** The default as run-value text (the form {@code -p} takes), if it is a non-null literal. */
    public Optional<String> defaultText() {
        return defaultValue.map(type::runValue);
    }

    /**
     * Coerces run-value text to this parameter's type.
     *
     * @throws IllegalArgumentException explaining why the text does not fit
     */
    public Object coerce(String text) {
        return type.coerce(text);
    }

    /** A Java declaration of this parameter holding {@code value}, e.g. {@code int n = 7;}. */
    public String javaDeclaration(Object value) {
        return declaredType + " " + name + " = " + type.javaExpression(value, declaredType) + ";";
    }
}
