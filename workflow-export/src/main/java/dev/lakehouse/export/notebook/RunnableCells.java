package dev.lakehouse.export.notebook;

import dev.lakehouse.export.validation.Problem;
import dev.lakehouse.export.validation.ProblemKind;
import dev.lakehouse.export.validation.ValidationException;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Which cells a job runs, in execution order, as indices into the notebook. The headless runner uses this so a task
 * runs exactly the cells the exporter assigned to it.
 */
public final class RunnableCells {

    private RunnableCells() {
    }

    /** A notebook-level task: every code cell in order, except those tagged {@code skip}. */
    public static List<Integer> ofNotebook(Notebook notebook) {
        List<Integer> indices = new ArrayList<>();
        List<Cell> cells = notebook.cells();
        for (int i = 0; i < cells.size(); i++) {
            if (cells.get(i).isCode() && !cells.get(i).hasTag(CellTags.SKIP)) {
                indices.add(i);
            }
        }
        return indices;
    }

    /**
     * A cell-level task: the cells named by {@code notebook_task.cell_ids}, in that order, with the
     * {@code injected-parameters} cell (if the notebook has one right after its {@code parameters} cell) run right
     * after the parameters cell. An empty or null {@code cellIds} means the whole notebook.
     *
     * @throws ValidationException naming every id the notebook does not contain
     */
    public static List<Integer> ofTask(Notebook notebook, List<String> cellIds) {
        if (cellIds == null || cellIds.isEmpty()) {
            return ofNotebook(notebook);
        }
        List<Integer> indices = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (String id : cellIds) {
            OptionalInt index = notebook.indexOfCellId(id);
            if (index.isEmpty()) {
                problems.add(new Problem(ProblemKind.NOTEBOOK, "cell_ids",
                        "the notebook has no cell with id \"" + id + "\" (it changed since export; re-export the job)"));
                continue;
            }
            int i = index.getAsInt();
            indices.add(i);
            boolean injectedFollows = i + 1 < notebook.cellCount()
                    && notebook.cell(i + 1).hasTag(CellTags.INJECTED_PARAMETERS);
            if (notebook.cell(i).hasTag(CellTags.PARAMETERS) && injectedFollows) {
                indices.add(i + 1);
            }
        }
        ValidationException.throwIfAny(problems);
        return indices;
    }
}
