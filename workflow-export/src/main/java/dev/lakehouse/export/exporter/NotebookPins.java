package dev.lakehouse.export.exporter;

import dev.lakehouse.export.notebook.Notebook;
import dev.lakehouse.export.notebook.NotebookHasher;
import dev.lakehouse.export.spec.JobSpec;
import dev.lakehouse.export.spec.NotebookTask;
import dev.lakehouse.export.spec.Task;
import dev.lakehouse.export.validation.Problem;
import dev.lakehouse.export.validation.ProblemKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a job's notebooks on disk: each path stays inside the notebook root, the file reads, its content hash
 * matches {@code notebook_sha256}, and every {@code cell_ids} entry exists. The jobs service runs this before a run.
 */
public final class NotebookPins {

    private NotebookPins() {
    }

    /**
     * Resolves a spec's {@code notebook_path} against {@code root}; empty when it escapes the root (absolute path,
     * {@code ..}, or a symbolic link pointing outside).
     */
    public static Optional<Path> resolve(Path root, String notebookPath) {
        Path normalizedRoot = root.toAbsolutePath().normalize();
        Path relative = Path.of(notebookPath);
        if (relative.isAbsolute()) {
            return Optional.empty();
        }
        Path resolved = normalizedRoot.resolve(relative).normalize();
        if (!resolved.startsWith(normalizedRoot)) {
            return Optional.empty();
        }
        try {
            if (Files.exists(resolved) && !resolved.toRealPath().startsWith(normalizedRoot.toRealPath())) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(resolved);
    }

    /** Every problem with the job's notebooks under {@code root}; empty when all are present and unchanged. */
    public static List<Problem> check(JobSpec spec, Path root) {
        List<Problem> problems = new ArrayList<>();
        // Cell-level tasks share a notebook: report a changed notebook once, not once per task.
        Set<String> reported = new HashSet<>();
        List<Task> tasks = spec.tasks() == null ? List.of() : spec.tasks();
        for (int i = 0; i < tasks.size(); i++) {
            Task task = tasks.get(i);
            NotebookTask notebookTask = task.notebookTask();
            if (notebookTask == null || notebookTask.notebookPath() == null) {
                continue;
            }
            String where = "tasks[" + i + "](" + task.taskKey() + ").notebook_task";
            Optional<Path> path = resolve(root, notebookTask.notebookPath());
            if (path.isEmpty()) {
                problems.add(new Problem(ProblemKind.NOTEBOOK, where, "notebook_path \"" + notebookTask.notebookPath()
                        + "\" is outside the notebook root " + root.toAbsolutePath().normalize()));
                continue;
            }
            Notebook notebook;
            try {
                notebook = Notebook.read(path.get());
            } catch (IOException e) {
                problems.add(new Problem(ProblemKind.NOTEBOOK, where, e.getMessage()));
                continue;
            }
            String actual = NotebookHasher.sha256(notebook);
            boolean firstReport = reported.add(notebookTask.notebookPath() + " " + notebookTask.notebookSha256());
            if (notebookTask.notebookSha256() != null && !notebookTask.notebookSha256().equals(actual) && firstReport) {
                problems.add(new Problem(ProblemKind.NOTEBOOK, where, notebookTask.notebookPath()
                        + " changed since export (notebook_sha256 " + abbreviate(notebookTask.notebookSha256())
                        + ", now " + abbreviate(actual) + "); re-export the job to pin the new version"));
            }
            if (notebookTask.cellIds() != null) {
                for (String id : notebookTask.cellIds()) {
                    if (notebook.indexOfCellId(id).isEmpty()) {
                        problems.add(new Problem(ProblemKind.NOTEBOOK, where,
                                notebookTask.notebookPath() + " has no cell with id " + id));
                    }
                }
            }
        }
        return problems;
    }

    private static String abbreviate(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) + "..." : sha;
    }
}
