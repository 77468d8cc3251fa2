package dev.lakehouse.runner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.export.exporter.ExportOptions;
import dev.lakehouse.export.exporter.JobExporter;
import dev.lakehouse.export.notebook.Cell;
import dev.lakehouse.export.notebook.Notebook;
import dev.lakehouse.export.notebook.RunnableCells;
import dev.lakehouse.export.params.ParameterInjector;
import dev.lakehouse.export.spec.JobSpec;
import dev.lakehouse.export.spec.Task;
import dev.lakehouse.export.validation.Problem;
import dev.lakehouse.export.validation.ValidationException;
import dev.lakehouse.kernel.KernelWiring;
import dev.lakehouse.kernel.engine.CellRequest;
import dev.lakehouse.kernel.engine.CellResult;
import dev.lakehouse.kernel.engine.NotebookEngine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Runs a notebook, or one task of it, without Jupyter, through the same {@link NotebookEngine} the
 * kernel uses, and writes the output notebook with outputs and per-cell run metadata
 * ({@code metadata.lakehouse_run.status / start / end / duration_ms / error}).
 */
public final class NotebookRunner {
    /** Cell metadata key for run results ({@code metadata.lakehouse} holds task declarations). */
    public static final String RUN_METADATA = "lakehouse_run";

    private final Map<String, String> environment;
    private final PrintStream progress;
    private NotebookEngine startedEngine;

    public NotebookRunner(Map<String, String> environment, PrintStream progress) {
        this(environment, progress, null);
    }

    /** @param startedEngine an engine from {@link #startEngine} to run with, or null to make one */
    public NotebookRunner(Map<String, String> environment, PrintStream progress, NotebookEngine startedEngine) {
        this.environment = environment;
        this.progress = progress;
        this.startedEngine = startedEngine;
    }

    /** An engine for a run, its JShell already starting in the background (see NotebookEngine#startCompiler). */
    public static NotebookEngine startEngine(Map<String, String> environment) {
        return newEngine(environment).startCompiler();
    }

    private static NotebookEngine newEngine(Map<String, String> environment) {
        return new NotebookEngine(withoutCompilerWarmup(environment));
    }

    /**
     * A kernel warms javac up in the background for the cells a person will type; a headless run has all
     * its cells at once, and a warm-up thread would only take a core from them.
     */
    private static Map<String, String> withoutCompilerWarmup(Map<String, String> environment) {
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.putIfAbsent("LAKEHOUSE_WARMUP_ROUNDS", "0");
        return env;
    }

    /** Parameters and task are checked before anything runs; a problem there throws ValidationException. */
    public RunReport run(RunOptions options) throws IOException {
        long started = System.nanoTime();
        Notebook source = Notebook.read(options.notebook());
        Notebook notebook = ParameterInjector.inject(source, options.parameters(), options.notebook().toString());
        List<Integer> cells = cellsToRun(options, notebook);
        Path output = options.outputOrDefault();
        for (Cell cell : notebook.cells()) {
            if (cell.isCode()) {
                cell.outputs().removeAll();
                cell.setExecutionCount(null);
            }
        }
        NotebookEngine early = startedEngine;
        startedEngine = null;
        try (NotebookEngine engine = early != null ? early : newEngine(environment)) {
            KernelWiring.registerMagics(engine);
            engine.setNotebookPath(options.notebook().toAbsolutePath());
            engine.start();
            int count = 0;
            for (int position = 0; position < cells.size(); position++) {
                int index = cells.get(position);
                Cell cell = notebook.cell(index);
                Instant start = Instant.now();
                progress.printf("[%d/%d] cell %d%s ... ", position + 1, cells.size(), index,
                        cell.id().map(id -> " (" + id + ")").orElse(""));
                progress.flush();
                NotebookOutputs outputs = new NotebookOutputs(cell.outputs());
                CellResult result = engine.execute(
                        new CellRequest(cell.source(), cell.id().orElse("cell-" + index), false, true), outputs);
                count++;
                cell.setExecutionCount(count);
                Instant end = Instant.now();
                ObjectNode meta = cell.metadata().putObject(RUN_METADATA);
                meta.put("start", start.toString());
                meta.put("end", end.toString());
                meta.put("duration_ms", end.toEpochMilli() - start.toEpochMilli());
                if (result.succeeded()) {
                    if (result.value() != null) {
                        outputs.result(result.value(), count);
                    }
                    meta.put("status", "ok");
                    progress.printf("ok (%d ms)%n", end.toEpochMilli() - start.toEpochMilli());
                } else {
                    var error = result.error();
                    outputs.error(error.name(), error.value(), error.traceback());
                    meta.put("status", "failed");
                    ObjectNode e = meta.putObject("error");
                    e.put("ename", error.name());
                    e.put("evalue", error.value());
                    progress.printf("FAILED: %s: %s%n", error.name(), error.value());
                    markNotRun(notebook, cells.subList(position + 1, cells.size()));
                    notebook.write(output);
                    return new RunReport(false, count, index, error.name() + ": " + error.value(), output,
                            (System.nanoTime() - started) / 1_000_000);
                }
            }
            notebook.write(output);
            return new RunReport(true, count, -1, null, output, (System.nanoTime() - started) / 1_000_000);
        }
    }

    private static void markNotRun(Notebook notebook, List<Integer> remaining) {
        for (int index : remaining) {
            notebook.cell(index).metadata().putObject(RUN_METADATA).put("status", "not_run");
        }
    }

    private static List<Integer> cellsToRun(RunOptions options, Notebook notebook) {
        if (options.taskKey() == null) {
            return RunnableCells.ofNotebook(notebook);
        }
        JobSpec spec = JobExporter.export(List.of(options.notebook()),
                ExportOptions.builder().baseDir(options.notebook().toAbsolutePath().getParent()).build());
        Task task = spec.task(options.taskKey()).orElseThrow(() -> new ValidationException(List.of(
                new Problem(dev.lakehouse.export.validation.ProblemKind.UNKNOWN_DEPENDENCY, options.notebook().toString(),
                        "no task '" + options.taskKey() + "'; tasks: " + String.join(", ",
                                spec.tasks().stream().map(Task::taskKey).toList())))));
        return RunnableCells.ofTask(notebook, task.notebookTask().cellIds());
    }
}
