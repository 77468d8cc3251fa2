package dev.lakehouse.export.exporter;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.lakehouse.export.notebook.Cell;
import dev.lakehouse.export.notebook.CellLocation;
import dev.lakehouse.export.notebook.CellTags;
import dev.lakehouse.export.notebook.Notebook;
import dev.lakehouse.export.validation.Problem;
import dev.lakehouse.export.validation.ProblemKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cell-level tasks from one notebook. Rules, in notebook order over code cells:
 * <ul>
 *   <li>{@code skip} (and {@code injected-parameters}, which runs regenerate) cells are ignored entirely;
 *       blank cells too;</li>
 *   <li>{@code setup} and {@code parameters} cells are shared: they run first in every task, in notebook order;</li>
 *   <li>a cell tagged {@code task=KEY} (or with {@code metadata.lakehouse.task}) starts task KEY; following cells
 *       without a task of their own continue it; a task's cells must be contiguous, so starting a key a second time
 *       is a duplicate;</li>
 *   <li>{@code depends=A,B} tags and {@code metadata.lakehouse.depends} add dependencies to the cell's task;</li>
 *   <li>a code cell before the first task cell that is none of the above belongs to no task: an error.</li>
 * </ul>
 */
final class CellTaskPlanner {

    static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern MISTYPED_TAG = Pattern.compile("(?i)(task|depends)\\s*[:]\\s*\\S.*|(?i)(task|depends)\\s+=.*");

    private final Notebook notebook;
    private final String notebookPath;
    private final String sha256;
    private final List<Problem> problems;
    private final Map<String, PlannedTask> tasks = new LinkedHashMap<>();
    private final List<String> sharedCellIds = new ArrayList<>();

    private CellTaskPlanner(Notebook notebook, String notebookPath, String sha256, List<Problem> problems) {
        this.notebook = notebook;
        this.notebookPath = notebookPath;
        this.sha256 = sha256;
        this.problems = problems;
    }

    record Plan(List<PlannedTask> tasks, List<String> sharedCellIds) {
    }

    /** True if any code cell not tagged {@code skip} declares a task by tag or metadata. */
    static boolean hasTaskDeclarations(Notebook notebook) {
        for (Cell cell : notebook.cells()) {
            if (cell.isCode() && !cell.hasTag(CellTags.SKIP) && (taskTag(cell) != null || metadataDeclaresTask(cell))) {
                return true;
            }
        }
        return false;
    }

    static Plan plan(Notebook notebook, String notebookPath, String sha256, List<Problem> problems) {
        CellTaskPlanner planner = new CellTaskPlanner(notebook, notebookPath, sha256, problems);
        planner.walk();
        return new Plan(List.copyOf(planner.tasks.values()), List.copyOf(planner.sharedCellIds));
    }

    private void walk() {
        if (!notebook.supportsCellIds()) {
            problems.add(new Problem(ProblemKind.NOTEBOOK, notebookPath, "nbformat 4." + notebook.nbformatMinor()
                    + " has no cell ids, which cell-level tasks need; save the notebook with JupyterLab 3 or newer (nbformat 4.5)"));
            return;
        }
        PlannedTask current = null;
        List<Cell> cells = notebook.cells();
        for (int index = 0; index < cells.size(); index++) {
            Cell cell = cells.get(index);
            if (!cell.isCode() || cell.hasTag(CellTags.SKIP) || cell.hasTag(CellTags.INJECTED_PARAMETERS)) {
                continue;
            }
            String where = location(index, cell);
            checkTagSpelling(cell, where);
            TaskDeclaration declaration = declaration(cell, where);
            boolean shared = cell.hasTag(CellTags.SETUP) || cell.hasTag(CellTags.PARAMETERS);
            if (cell.id().isEmpty()) {
                problems.add(new Problem(ProblemKind.NOTEBOOK, where, "cell has no id; cell-level tasks refer to cells by id"));
                continue;
            }
            if (shared) {
                if (declaration.taskKey() != null) {
                    problems.add(new Problem(ProblemKind.INVALID_VALUE, where, "cell is both shared ("
                            + (cell.hasTag(CellTags.SETUP) ? "setup" : "parameters") + ") and part of task \""
                            + declaration.taskKey() + "\"; remove one of the two"));
                }
                sharedCellIds.add(cell.id().get());
                continue;
            }
            if (declaration.taskKey() != null) {
                current = startOrContinue(declaration.taskKey(), current, index, cell, where);
            } else if (cell.source().isBlank()) {
                continue;
            }
            if (current == null) {
                problems.add(new Problem(ProblemKind.CELL_WITHOUT_TASK, where, "code cell belongs to no task: it comes before"
                        + " the first task cell; tag it task=<key>, setup or skip"));
                continue;
            }
            current.ownCellIds.add(cell.id().get());
            if (declaration.depends() != null) {
                current.addDependencies(declaration.depends(), where);
            }
            current.addSettings(declaration.settings(), where, problems);
        }
    }

    private PlannedTask startOrContinue(String key, PlannedTask current, int index, Cell cell, String where) {
        if (current != null && current.key.equals(key)) {
            return current;
        }
        if (!KEY.matcher(key).matches()) {
            problems.add(new Problem(ProblemKind.INVALID_VALUE, where,
                    "task key \"" + key + "\" may only contain letters, digits, _ and -"));
        }
        PlannedTask earlier = tasks.get(key);
        if (earlier != null) {
            problems.add(new Problem(ProblemKind.DUPLICATE_TASK_KEY, where, "duplicate task key \"" + key
                    + "\": task already started at " + earlier.location + " and another task came in between;"
                    + " a task's cells must be contiguous, so give this task another key or move the cell"));
            return earlier;
        }
        PlannedTask task = new PlannedTask(key, where, notebookPath, sha256, new ArrayList<>());
        tasks.put(key, task);
        return task;
    }

    /** Merges the cell's tags and {@code metadata.lakehouse}; disagreeing task keys are a problem. */
    private TaskDeclaration declaration(Cell cell, String where) {
        String tagKey = taskTag(cell);
        Set<String> tagDepends = new LinkedHashSet<>();
        boolean hasDependsTag = false;
        for (String tag : cell.tags()) {
            if (tag.startsWith(CellTags.DEPENDS_PREFIX)) {
                hasDependsTag = true;
                tagDepends.addAll(LakehouseMetadata.splitKeys(tag.substring(CellTags.DEPENDS_PREFIX.length())));
            }
        }
        TaskDeclaration fromMetadata = cell.metadataValue(CellTags.METADATA_KEY)
                .map(value -> LakehouseMetadata.read(value, where, problems))
                .orElse(new TaskDeclaration(null, null, JsonNodeFactory.instance.objectNode()));
        String key = tagKey;
        if (fromMetadata.taskKey() != null) {
            if (tagKey != null && !tagKey.equals(fromMetadata.taskKey())) {
                problems.add(new Problem(ProblemKind.INVALID_VALUE, where, "tag task=" + tagKey
                        + " and metadata.lakehouse.task \"" + fromMetadata.taskKey() + "\" disagree; keep one"));
            }
            key = tagKey != null ? tagKey : fromMetadata.taskKey();
        }
        List<String> depends = null;
        if (hasDependsTag || fromMetadata.depends() != null) {
            Set<String> all = new LinkedHashSet<>(tagDepends);
            if (fromMetadata.depends() != null) {
                all.addAll(fromMetadata.depends());
            }
            depends = List.copyOf(all);
        }
        return new TaskDeclaration(key, depends, fromMetadata.settings());
    }

    private void checkTagSpelling(Cell cell, String where) {
        List<String> taskTags = new ArrayList<>();
        for (String tag : cell.tags()) {
            if (tag.startsWith(CellTags.TASK_PREFIX)) {
                taskTags.add(tag);
                if (tag.length() == CellTags.TASK_PREFIX.length()) {
                    problems.add(new Problem(ProblemKind.INVALID_VALUE, where, "tag \"task=\" has no task key"));
                }
            } else if (MISTYPED_TAG.matcher(tag).matches()) {
                String fixed = tag.replaceFirst("\\s*[:=]\\s*", "=").replaceFirst("^(?i)task", "task").replaceFirst("^(?i)depends", "depends");
                problems.add(new Problem(ProblemKind.INVALID_VALUE, where,
                        "tag \"" + tag + "\" is not understood; did you mean \"" + fixed + "\"?"));
            }
        }
        if (taskTags.size() > 1) {
            problems.add(new Problem(ProblemKind.INVALID_VALUE, where,
                    "cell has several task tags (" + String.join(", ", taskTags) + "); a cell belongs to one task"));
        }
    }

    private static String taskTag(Cell cell) {
        for (String tag : cell.tags()) {
            if (tag.startsWith(CellTags.TASK_PREFIX) && tag.length() > CellTags.TASK_PREFIX.length()) {
                return tag.substring(CellTags.TASK_PREFIX.length());
            }
        }
        return null;
    }

    private static boolean metadataDeclaresTask(Cell cell) {
        return cell.metadataValue(CellTags.METADATA_KEY)
                .map(value -> value.has("task") || value.has("task_key"))
                .orElse(false);
    }

    private String location(int index, Cell cell) {
        return CellLocation.of(notebookPath, index, cell);
    }
}
