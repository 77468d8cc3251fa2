package dev.lakehouse.export.exporter;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.lakehouse.export.notebook.CellLocation;
import dev.lakehouse.export.notebook.Notebook;
import dev.lakehouse.export.notebook.NotebookFormatException;
import dev.lakehouse.export.notebook.NotebookHasher;
import dev.lakehouse.export.params.ParameterDeclaration;
import dev.lakehouse.export.params.ParametersCell;
import dev.lakehouse.export.spec.JobParameter;
import dev.lakehouse.export.spec.JobSpec;
import dev.lakehouse.export.spec.JobSpecJson;
import dev.lakehouse.export.spec.JobSpecValidator;
import dev.lakehouse.export.spec.Schedule;
import dev.lakehouse.export.spec.Task;
import dev.lakehouse.export.spec.TaskLocator;
import dev.lakehouse.export.validation.DidYouMean;
import dev.lakehouse.export.validation.Problem;
import dev.lakehouse.export.validation.ProblemKind;
import dev.lakehouse.export.validation.ValidationException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Turns notebooks into a validated job spec.
 * <ul>
 *   <li>One notebook whose cells declare tasks ({@code task=KEY} tags or {@code metadata.lakehouse.task}):
 *       cell-level tasks, see {@link CellTaskPlanner}.</li>
 *   <li>Otherwise each notebook is one task, keyed by {@code metadata.lakehouse.task_key} or its file name, with
 *       dependencies from {@code metadata.lakehouse.depends_on} or {@link ExportOptions#depends()}.</li>
 * </ul>
 * Job parameters come from the notebooks' {@code parameters} cells. Every problem is collected and reported together,
 * located by notebook and cell.
 */
public final class JobExporter {

    private JobExporter() {
    }

    private record Source(String path, Notebook notebook) {
    }

    /**
     * @throws ValidationException with every problem found, located by notebook and cell
     */
    public static JobSpec export(List<Path> notebookPaths, ExportOptions options) {
        List<Problem> problems = new ArrayList<>();
        if (notebookPaths.isEmpty()) {
            throw new ValidationException(List.of(new Problem(ProblemKind.NOTEBOOK, "", "no notebooks to export")));
        }
        List<Source> sources = new ArrayList<>();
        for (Path path : notebookPaths) {
            String specPath = specPath(path, options.baseDir(), problems);
            try {
                sources.add(new Source(specPath, read(path, specPath)));
            } catch (IOException e) {
                problems.add(new Problem(ProblemKind.NOTEBOOK, "", e.getMessage()));
            }
        }
        List<PlannedTask> planned = new ArrayList<>();
        List<String> sharedCellIds = List.of();
        boolean cellLevel = sources.size() == 1 && notebookPaths.size() == 1
                && CellTaskPlanner.hasTaskDeclarations(sources.get(0).notebook());
        if (cellLevel) {
            Source source = sources.get(0);
            CellTaskPlanner.Plan plan = CellTaskPlanner.plan(source.notebook(), source.path(),
                    NotebookHasher.sha256(source.notebook()), problems);
            planned.addAll(plan.tasks());
            sharedCellIds = plan.sharedCellIds();
        } else {
            for (Source source : sources) {
                if (notebookPaths.size() > 1 && CellTaskPlanner.hasTaskDeclarations(source.notebook())) {
                    problems.add(new Problem(ProblemKind.NOTEBOOK, source.path(), "declares cell-level tasks (task=... tags),"
                            + " which only work when the notebook is exported alone; export it on its own or remove the task tags"));
                }
                planned.add(notebookTask(source, options, problems));
            }
            checkDependsOptions(options, planned, problems);
        }
        List<Task> tasks = new ArrayList<>();
        for (PlannedTask task : planned) {
            tasks.add(task.toTask(sharedCellIds));
        }
        JobSpec spec = JobSpec.builder(jobName(options, notebookPaths))
                .tasks(tasks)
                .schedule(schedule(options, problems))
                .maxConcurrentRuns(options.maxConcurrentRuns())
                .sparkMaster(options.sparkMaster())
                .parameters(jobParameters(sources, problems))
                .build();
        if (problems.isEmpty()) {
            problems.addAll(JobSpecJson.schema().check(JobSpecJson.toTree(spec), "exported job"));
        }
        problems.addAll(JobSpecValidator.validate(spec, locator(planned)));
        ValidationException.throwIfAny(problems);
        return spec;
    }

    private static Notebook read(Path path, String specPath) throws IOException {
        try {
            return Notebook.parse(Files.readString(path, StandardCharsets.UTF_8), specPath);
        } catch (NoSuchFileException e) {
            throw new NotebookFormatException(specPath + ": no such notebook file");
        }
    }

    /** The notebook's path relative to the base directory, with forward slashes. */
    private static String specPath(Path notebook, Path baseDir, List<Problem> problems) {
        Path absolute = notebook.toAbsolutePath().normalize();
        if (!absolute.startsWith(baseDir)) {
            problems.add(new Problem(ProblemKind.NOTEBOOK, notebook.toString(), "is outside the base directory " + baseDir
                    + "; notebook paths in a job are relative to it, so export from a directory that contains the notebook"));
            return absolute.toString().replace('\\', '/');
        }
        return baseDir.relativize(absolute).toString().replace('\\', '/');
    }

    private static PlannedTask notebookTask(Source source, ExportOptions options, List<Problem> problems) {
        TaskDeclaration declaration = source.notebook().metadata().has("lakehouse")
                ? LakehouseMetadata.read(source.notebook().metadata().get("lakehouse"), source.path(), problems)
                : new TaskDeclaration(null, null, JsonNodeFactory.instance.objectNode());
        String key = declaration.taskKey() != null ? declaration.taskKey() : keyFromFileName(source.path());
        if (!CellTaskPlanner.KEY.matcher(key).matches()) {
            problems.add(new Problem(ProblemKind.INVALID_VALUE, source.path() + " metadata.lakehouse.task_key",
                    "task key \"" + key + "\" may only contain letters, digits, _ and -"));
        }
        PlannedTask task = new PlannedTask(key, source.path(), source.path(), NotebookHasher.sha256(source.notebook()), null);
        if (options.depends().containsKey(key)) {
            task.addDependencies(options.depends().get(key), "--depends " + key + "=" + String.join(",", options.depends().get(key)));
        } else if (declaration.depends() != null) {
            task.addDependencies(declaration.depends(), source.path() + " metadata.lakehouse.depends_on");
        }
        task.addSettings(declaration.settings(), source.path() + " metadata.lakehouse", problems);
        return task;
    }

    private static String keyFromFileName(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        String stem = name.endsWith(".ipynb") ? name.substring(0, name.length() - ".ipynb".length()) : name;
        return stem.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static void checkDependsOptions(ExportOptions options, List<PlannedTask> planned, List<Problem> problems) {
        List<String> keys = planned.stream().map(t -> t.key).toList();
        options.depends().keySet().forEach(key -> {
            if (!keys.contains(key)) {
                problems.add(new Problem(ProblemKind.UNKNOWN_DEPENDENCY, "--depends " + key + "=...", "no task has key \""
                        + key + "\"" + DidYouMean.hint(key, keys) + "; tasks: " + String.join(", ", keys)));
            }
        });
    }

    private static String jobName(ExportOptions options, List<Path> notebookPaths) {
        if (options.jobName() != null) {
            return options.jobName();
        }
        return keyFromFileName(notebookPaths.get(0).getFileName().toString());
    }

    private static Schedule schedule(ExportOptions options, List<Problem> problems) {
        if (options.cron() == null) {
            boolean scheduleOnly = options.timezone() != null || options.pauseStatus() != null || options.catchUpPolicy() != null;
            if (scheduleOnly) {
                problems.add(new Problem(ProblemKind.INVALID_VALUE, "schedule",
                        "a time zone, pause status or catch-up policy needs a cron expression (--cron)"));
            }
            return null;
        }
        String zone = options.timezone() == null ? "UTC" : options.timezone();
        return new Schedule(options.cron(), zone, options.pauseStatus(), options.catchUpPolicy());
    }

    /** Union of the notebooks' parameters; the same name must have the same type and default everywhere. */
    private static List<JobParameter> jobParameters(List<Source> sources, List<Problem> problems) {
        Map<String, ParameterDeclaration> seen = new LinkedHashMap<>();
        Map<String, String> declaredIn = new LinkedHashMap<>();
        for (Source source : sources) {
            OptionalInt index = ParametersCell.find(source.notebook());
            if (index.isEmpty()) {
                continue;
            }
            String where = CellLocation.of(source.path(), index.getAsInt(), source.notebook().cell(index.getAsInt()));
            Map<String, ParameterDeclaration> declarations =
                    ParametersCell.parse(source.notebook().cell(index.getAsInt()).source(), where, problems);
            declarations.values().forEach(declaration -> {
                ParameterDeclaration earlier = seen.putIfAbsent(declaration.name(), declaration);
                if (earlier == null) {
                    declaredIn.put(declaration.name(), where);
                } else if (earlier.type() != declaration.type() || !earlier.defaultText().equals(declaration.defaultText())) {
                    problems.add(new Problem(ProblemKind.INVALID_PARAMETER, where + " line " + declaration.line(),
                            "parameter " + declaration.name() + " is declared `" + declaration.declaredType() + " = "
                                    + declaration.initializer() + "` here but `" + earlier.declaredType() + " = "
                                    + earlier.initializer() + "` at " + declaredIn.get(declaration.name())
                                    + "; a job parameter needs one type and default"));
                }
            });
        }
        return seen.values().stream()
                .map(declaration -> new JobParameter(declaration.name(), declaration.defaultText().orElse(null)))
                .toList();
    }

    private static TaskLocator locator(List<PlannedTask> planned) {
        return new TaskLocator() {
            @Override
            public String task(int index, Task task) {
                return planned.get(index).location;
            }

            @Override
            public String dependency(int index, Task task, String dependencyKey) {
                return planned.get(index).dependencies.getOrDefault(dependencyKey, planned.get(index).location);
            }

            @Override
            public String field(String jsonPath) {
                return "job " + jsonPath;
            }
        };
    }
}
