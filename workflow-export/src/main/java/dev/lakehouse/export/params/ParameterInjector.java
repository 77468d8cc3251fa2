package dev.lakehouse.export.params;

import dev.lakehouse.export.notebook.Cell;
import dev.lakehouse.export.notebook.CellTags;
import dev.lakehouse.export.notebook.Notebook;
import dev.lakehouse.export.validation.DidYouMean;
import dev.lakehouse.export.validation.Problem;
import dev.lakehouse.export.validation.ProblemKind;
import dev.lakehouse.export.validation.ValidationException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * papermill's parameter injection for Java notebooks, with types: run values are coerced to the types the
 * {@code parameters} cell declares and written as Java declarations into an {@code injected-parameters} cell right
 * after it. Any value that does not fit fails here, before a cell runs.
 */
public final class ParameterInjector {

    /** First line of an injected cell, like papermill's {@code # Parameters}. */
    public static final String HEADER = "// Parameters";
    /** Id given to the injected cell in notebooks that have cell ids. */
    public static final String INJECTED_CELL_ID = "injected-parameters";

    private ParameterInjector() {
    }

    /** {@link #inject(Notebook, Map, String)} with problems located at "notebook". */
    public static Notebook inject(Notebook notebook, Map<String, String> values) {
        return inject(notebook, values, "notebook");
    }

    /**
     * A copy of {@code notebook} with an {@code injected-parameters} cell holding {@code values} as typed Java
     * declarations, placed right after the {@code parameters} cell (replacing an earlier injected cell). With no
     * values the copy is unchanged. The input notebook is not modified.
     *
     * @param values       run values by parameter name, as text ({@code -p n=5} gives {@code n -> "5"})
     * @param notebookName labels problem locations
     * @throws ValidationException listing every unknown name and every value that does not fit its declared type
     */
    public static Notebook inject(Notebook notebook, Map<String, String> values, String notebookName) {
        Notebook result = notebook.copy();
        if (values.isEmpty()) {
            return result;
        }
        OptionalInt parametersIndex = ParametersCell.find(result);
        if (parametersIndex.isEmpty()) {
            throw new ValidationException(List.of(new Problem(ProblemKind.INVALID_PARAMETER, notebookName,
                    "no cell is tagged \"parameters\", so " + String.join(", ", values.keySet())
                            + " cannot be set; tag the cell that declares them")));
        }
        Map<String, ParameterDeclaration> declarations = ParametersCell.declarations(result, notebookName);
        Map<String, Object> typed = coerce(declarations, values);
        String source = javaSource(declarations, typed);

        OptionalInt existing = result.indexOfFirstTagged(CellTags.INJECTED_PARAMETERS);
        if (existing.isPresent()) {
            result.removeCell(existing.getAsInt());
        }
        int at = ParametersCell.find(result).getAsInt() + 1;
        String id = result.supportsCellIds() ? uniqueId(result) : null;
        result.insertCell(at, Cell.newCode(id, source, List.of(CellTags.INJECTED_PARAMETERS)));
        return result;
    }

    /**
     * Coerces every value to its declared type.
     *
     * @return typed values by name, in the order given
     * @throws ValidationException naming parameter, declared type and value for each misfit, and unknown names
     */
    public static Map<String, Object> coerce(Map<String, ParameterDeclaration> declarations, Map<String, String> values) {
        Map<String, Object> typed = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        values.forEach((name, text) -> {
            ParameterDeclaration declaration = declarations.get(name);
            String where = "-p " + name + "=" + text;
            if (declaration == null) {
                String known = declarations.isEmpty() ? "the parameters cell declares none"
                        : "declared: " + String.join(", ", declarations.keySet());
                problems.add(new Problem(ProblemKind.INVALID_PARAMETER, where, "unknown parameter " + name
                        + DidYouMean.hint(name, declarations.keySet()) + "; " + known));
                return;
            }
            try {
                typed.put(name, declaration.coerce(text));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(ProblemKind.INVALID_PARAMETER, where, "parameter " + name + " is declared "
                        + declaration.declaredType() + " but the value \"" + text + "\" is " + e.getMessage()));
            }
        });
        ValidationException.throwIfAny(problems);
        return typed;
    }

    /** The injected cell's source: a header comment and one declaration per value, in the parameters cell's order. */
    public static String javaSource(Map<String, ParameterDeclaration> declarations, Map<String, Object> typedValues) {
        StringBuilder source = new StringBuilder(HEADER);
        declarations.forEach((name, declaration) -> {
            if (typedValues.containsKey(name)) {
                source.append('\n').append(declaration.javaDeclaration(typedValues.get(name)));
            }
        });
        return source.append('\n').toString();
    }

    private static String uniqueId(Notebook notebook) {
        String id = INJECTED_CELL_ID;
        for (int n = 2; notebook.indexOfCellId(id).isPresent(); n++) {
            id = INJECTED_CELL_ID + "-" + n;
        }
        return id;
    }
}
