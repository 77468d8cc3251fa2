package dev.lakehouse.jobs.engine;

import dev.lakehouse.export.notebook.Notebook;
import dev.lakehouse.jobs.NotebookRoot;
import dev.lakehouse.export.params.ParametersCell;
import dev.lakehouse.export.spec.JobParameter;
import dev.lakehouse.export.spec.JobSpec;
import dev.lakehouse.export.spec.Task;
import dev.lakehouse.export.validation.Problem;
import dev.lakehouse.runner.RunJit;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Starts a task attempt as a child JVM running the headless runner:
 * {@code java FLAGS -cp CP dev.lakehouse.cli.LakehouseCli run NOTEBOOK [--task KEY] -p k=v... -o OUT.ipynb},
 * stdout and stderr into the attempt's log file, the job's Spark master in {@code LAKEHOUSE_SPARK_MASTER}.
 * A separate JVM per task is what lets a timeout or cancel kill it outright.
 */
public final class TaskLauncher {
    public static final String CLI_MAIN = "dev.lakehouse.cli.LakehouseCli";
    private static final String RUNNING_MARKERS = ".running";

    /** How task JVMs are started. */
    public record Settings(String javaBinary, List<String> jvmOptions, String classpath, Map<String, String> environment) {
        public Settings {
            jvmOptions = List.copyOf(jvmOptions);
            environment = Map.copyOf(environment);
        }
    }

    private final Settings settings;
    private final NotebookRoot notebookRoot;
    private final Path runsDirectory;

    public TaskLauncher(Settings settings, NotebookRoot notebookRoot, Path runsDirectory) {
        this.settings = settings;
        this.notebookRoot = notebookRoot;
        this.runsDirectory = runsDirectory;
    }

    /**
     * The defaults followed by the overrides, where an override that picks a garbage collector
     * ({@code -XX:+UseSerialGC}, ...) replaces the defaults' choice: with two the JVM refuses to start.
     */
    public static List<String> jvmOptions(List<String> defaults, List<String> overrides) {
        boolean overridesCollector = overrides.stream().anyMatch(TaskLauncher::selectsGarbageCollector);
        List<String> options = new ArrayList<>();
        for (String option : defaults) {
            if (!(overridesCollector && selectsGarbageCollector(option))) {
                options.add(option);
            }
        }
        options.addAll(overrides);
        return options;
    }

    static boolean selectsGarbageCollector(String option) {
        return option.matches("-XX:\\+Use\\w*GC");
    }

    /** The JVM running this service, with the same classpath made absolute. */
    public static String currentJavaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static String currentClasspath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    public Path outputNotebook(long runId, String taskKey) {
        return runsDirectory.resolve(Long.toString(runId)).resolve(taskKey + ".ipynb");
    }

    public Path logFile(long runId, String taskKey, int attempt) {
        return runsDirectory.resolve(Long.toString(runId)).resolve(taskKey + ".attempt-" + attempt + ".log");
    }

    public TaskProcess start(long runId, Task task, int attempt, Map<String, String> runParameters, String sparkMaster)
            throws IOException {
        Path notebook = notebookRoot.resolve(task.notebookTask().notebookPath());
        Path log = logFile(runId, task.taskKey(), attempt);
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>();
        command.add(settings.javaBinary());
        command.addAll(RunJit.launcherOptions()); // before the configured options, which may override them
        command.addAll(settings.jvmOptions());
        command.add("-cp");
        command.add(settings.classpath());
        command.add(CLI_MAIN);
        command.add("run");
        command.add(notebook.toString());
        if (task.notebookTask().isCellLevel()) {
            command.add("--task");
            command.add(task.taskKey());
        }
        for (Map.Entry<String, String> p : parametersFor(task, notebook, runParameters).entrySet()) {
            command.add("-p");
            command.add(p.getKey() + "=" + p.getValue());
        }
        command.add("-o");
        command.add(outputNotebook(runId, task.taskKey()).toString());
        Files.writeString(log, "[lakehouse-jobs] run " + runId + " task " + task.taskKey() + " attempt " + attempt
                + ": " + notebook + "\n", StandardCharsets.UTF_8);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .directory(notebook.getParent().toFile());
        builder.environment().putAll(settings.environment());
        builder.environment().put("LAKEHOUSE_SPARK_MASTER", sparkMaster);
        TaskProcess process = new TaskProcess(builder.start());
        markRunning(process);
        return process;
    }

    /**
     * A file per live task JVM (pid, start time), removed when it exits. After a crash the next
     * service kills what these name before it even opens the database, so orphans stop competing
     * for the machine at once.
     */
    private void markRunning(TaskProcess process) throws IOException {
        Path marker = runsDirectory.resolve(RUNNING_MARKERS).resolve(Long.toString(process.pid()));
        Files.createDirectories(marker.getParent());
        Long started = process.startedAtMillis();
        Files.writeString(marker, started == null ? "" : started.toString(), StandardCharsets.UTF_8);
        process.onExit(() -> {
            try {
                Files.deleteIfExists(marker);
            } catch (IOException e) {
                // A stale marker is harmless: the start time no longer matches any process.
            }
        });
    }

    /** Kills the task JVMs a crashed service left behind (see {@link #markRunning}); returns how many. */
    public static int killLeftovers(Path runsDirectory) throws IOException {
        Path markers = runsDirectory.resolve(RUNNING_MARKERS);
        if (!Files.isDirectory(markers)) {
            return 0;
        }
        int killed = 0;
        try (var files = Files.list(markers)) {
            for (Path marker : files.toList()) {
                try {
                    String started = Files.readString(marker, StandardCharsets.UTF_8).strip();
                    long pid = Long.parseLong(marker.getFileName().toString());
                    if (TaskProcess.killLeftover(pid, started.isEmpty() ? null : Long.parseLong(started))) {
                        killed++;
                    }
                } catch (NumberFormatException e) {
                    // Not one of ours.
                }
                Files.deleteIfExists(marker);
            }
        }
        return killed;
    }

    /**
     * The values a run hands its tasks: the job's parameter defaults, overridden by the values the run
     * was started with. As in Databricks, job parameters reach every task whose notebook declares them
     * and take precedence over the task's base parameters ({@link #parametersFor}).
     */
    static Map<String, String> runParameters(JobSpec spec, Map<String, String> given) {
        Map<String, String> values = new LinkedHashMap<>();
        if (spec.parameters() != null) {
            for (JobParameter parameter : spec.parameters()) {
                if (parameter.defaultValue() != null) {
                    values.put(parameter.name(), parameter.defaultValue());
                }
            }
        }
        values.putAll(given);
        return values;
    }

    /**
     * The task's {@code base_parameters}, then the run's values for the parameters its notebook
     * declares (a job's parameters are the union over its notebooks; the runner refuses unknown names).
     */
    static Map<String, String> parametersFor(Task task, Path notebook, Map<String, String> runParameters) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        if (task.notebookTask().baseParameters() != null) {
            values.putAll(task.notebookTask().baseParameters());
        }
        if (!runParameters.isEmpty()) {
            Set<String> declared = declaredParameters(notebook);
            runParameters.forEach((name, value) -> {
                if (declared.contains(name)) {
                    values.put(name, value);
                }
            });
        }
        return values;
    }

    static Set<String> declaredParameters(Path notebook) throws IOException {
        Notebook parsed = Notebook.read(notebook);
        OptionalInt index = ParametersCell.find(parsed);
        if (index.isEmpty()) {
            return Set.of();
        }
        List<Problem> ignored = new ArrayList<>();
        return ParametersCell.parse(parsed.cell(index.getAsInt()).source(), notebook.toString(), ignored).keySet();
    }

    /** A short reason for a failed attempt: the runner's failing cell or its error, else the exit code. */
    static String failureMessage(Path log, int exitCode) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= Math.max(0, lines.size() - 200); i--) {
                String line = lines.get(i).strip();
                int cellFailure = line.indexOf(" ... FAILED: ");
                if (cellFailure >= 0) {
                    return truncate(line.substring(cellFailure + " ... FAILED: ".length()));
                }
                if (line.startsWith("error:")) {
                    return truncate(String.join(" ", lines.subList(i, Math.min(lines.size(), i + 3))).strip());
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // Unreadable log: the exit code is all there is.
        }
        return "exit code " + exitCode;
    }

    private static String truncate(String text) {
        return text.length() > 500 ? text.substring(0, 500) + "..." : text;
    }
}
