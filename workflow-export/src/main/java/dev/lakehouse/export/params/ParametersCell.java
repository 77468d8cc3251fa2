package dev.lakehouse.export.params;

import dev.lakehouse.export.notebook.CellLocation;
import dev.lakehouse.export.notebook.CellTags;
import dev.lakehouse.export.notebook.Notebook;
import dev.lakehouse.export.validation.Problem;
import dev.lakehouse.export.validation.ProblemKind;
import dev.lakehouse.export.validation.ValidationException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the typed declarations of a notebook's {@code parameters} cell. The cell may hold declarations
 * ({@code [final] TYPE name = initializer;}), imports and comments; anything else is an error, because every
 * statement there must be something a run can override.
 */
public final class ParametersCell {

    private static final Pattern DECLARATION = Pattern.compile(
            "(?:final\\s+)?((?:[A-Za-z_$][\\w$]*\\s*\\.\\s*)*[A-Za-z_$][\\w$]*(?:\\s*<[^=]*>)?)\\s+([A-Za-z_$][\\w$]*)\\s*(=\\s*(.*))?",
            Pattern.DOTALL);

    private ParametersCell() {
    }

    /** Index of the first cell tagged {@code parameters}. */
    public static OptionalInt find(Notebook notebook) {
        return notebook.indexOfFirstTagged(CellTags.PARAMETERS);
    }

    /**
     * The declarations of the notebook's parameters cell, by name in declaration order; empty when there is none.
     *
     * @param notebookName labels problem locations
     * @throws ValidationException naming every statement that is not a supported declaration
     */
    public static Map<String, ParameterDeclaration> declarations(Notebook notebook, String notebookName) {
        OptionalInt index = find(notebook);
        if (index.isEmpty()) {
            return Map.of();
        }
        List<Problem> problems = new ArrayList<>();
        Map<String, ParameterDeclaration> declarations = parse(notebook.cell(index.getAsInt()).source(),
                CellLocation.of(notebookName, index.getAsInt(), notebook.cell(index.getAsInt())), problems);
        ValidationException.throwIfAny(problems);
        return declarations;
    }

    /** Parses cell source, adding a problem (located at {@code location} line N) for each unusable statement. */
    public static Map<String, ParameterDeclaration> parse(String source, String location, List<Problem> problems) {
        Map<String, ParameterDeclaration> declarations = new LinkedHashMap<>();
        for (JavaStatements.Statement statement : JavaStatements.split(source)) {
            String where = location + " line " + statement.line();
            String text = statement.text();
            if (text.startsWith("import ") || text.startsWith("import\t")) {
                continue;
            }
            Matcher matcher = DECLARATION.matcher(text);
            if (!matcher.matches()) {
                problems.add(new Problem(ProblemKind.INVALID_PARAMETER, where, "`" + abbreviate(text)
                        + "` is not a parameter declaration; the parameters cell may only declare typed variables, e.g. `int n = 5;`"));
                continue;
            }
            String declaredType = matcher.group(1).replaceAll("\\s+", "").replace(",", ", ");
            String name = matcher.group(2);
            if (declaredType.equals("var")) {
                problems.add(new Problem(ProblemKind.INVALID_PARAMETER, where, "parameter " + name
                        + " is declared with var; give its type (" + ParameterType.supportedNames() + ")"));
                continue;
            }
            Optional<ParameterType> type = ParameterType.fromJava(declaredType);
            if (type.isEmpty()) {
                problems.add(new Problem(ProblemKind.INVALID_PARAMETER, where, "parameter " + name + " has type "
                        + declaredType + ", which cannot be passed as a parameter; use one of " + ParameterType.supportedNames()));
                continue;
            }
            if (matcher.group(3) == null) {
                problems.add(new Problem(ProblemKind.INVALID_PARAMETER, where,
                        "parameter " + name + " needs a default value, e.g. `" + declaredType + " " + name + " = ...;`"));
                continue;
            }
            String initializer = matcher.group(4).trim();
            if (initializer.equals("null") && type.get().isPrimitive()) {
                problems.add(new Problem(ProblemKind.INVALID_PARAMETER, where,
                        "parameter " + name + " of type " + declaredType + " cannot be null"));
                continue;
            }
            if (declarations.containsKey(name)) {
                problems.add(new Problem(ProblemKind.INVALID_PARAMETER, where, "parameter " + name + " is declared twice"));
                continue;
            }
            declarations.put(name, new ParameterDeclaration(name, type.get(), declaredType, initializer,
                    type.get().literal(initializer), statement.line()));
        }
        return declarations;
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
    }
}
