package dev.lakehouse.export.exporter;

import dev.lakehouse.export.notebook.Cell;
import dev.lakehouse.export.notebook.CellTags;
import dev.lakehouse.export.notebook.Notebook;
import dev.lakehouse.export.spec.JobSpec;
import dev.lakehouse.export.spec.RunIf;
import dev.lakehouse.export.spec.Task;
import dev.lakehouse.export.validation.Problem;
import dev.lakehouse.export.validation.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The cell-level and notebook-level rules, on notebooks built in the test. */
class JobExporterTest {

    @TempDir
    Path dir;

    private Path save(String name, Notebook notebook) throws IOException {
        Path file = dir.resolve(name);
        notebook.write(file);
        return file;
    }

    private static Notebook notebook(Cell... cells) {
        Notebook notebook = Notebook.create("lakehouse-java", "java");
        for (Cell cell : cells) {
            notebook.addCell(cell);
        }
        return notebook;
    }

    private static Cell code(String id, String source, String... tags) {
        return Cell.newCode(id, source, List.of(tags));
    }

    private JobSpec export(Path... notebooks) {
        return JobExporter.export(List.of(notebooks), ExportOptions.builder().baseDir(dir).build());
    }

    private List<String> problems(ExportOptions options, Path... notebooks) {
        ValidationException error = catchThrowableOfType(ValidationException.class,
                () -> JobExporter.export(List.of(notebooks), options));
        assertThat(error).as("export must fail").isNotNull();
        return error.problems().stream().map(Problem::toString).toList();
    }

    @Test
    void untaggedCellsContinueTheTaskAboveAndSharedCellsRunFirst() throws IOException {
        Path file = save("flow.ipynb", notebook(
                code("imports", "import java.util.*;", CellTags.SETUP),
                Cell.newMarkdown("doc", "prose between cells changes nothing"),
                code("one", "int a = 1;", "task=first"),
                code("two", "int b = 2;"),
                code("blank", "   \n"),
                code("late-setup", "int shared = 0;", CellTags.SETUP),
                code("three", "int c = 3;"),
                code("skipped", "throw new RuntimeException();", CellTags.SKIP),
                code("four", "int d = 4;", "task=second", "depends=first"),
                code("five", "int e = 5;", "task=second")));
        JobSpec spec = export(file);
        assertThat(spec.tasks()).extracting(Task::taskKey).containsExactly("first", "second");
        assertThat(spec.tasks().get(0).notebookTask().cellIds()).containsExactly("imports", "late-setup", "one", "two", "three");
        assertThat(spec.tasks().get(1).notebookTask().cellIds()).containsExactly("imports", "late-setup", "four", "five");
        assertThat(spec.tasks().get(1).dependencyKeys()).containsExactly("first");
        assertThat(spec.name()).isEqualTo("flow");
    }

    @Test
    void metadataDeclaresTasksAndSettingsLikeTags() throws IOException {
        Cell fromMetadata = code("m", "int x = 1;");
        fromMetadata.metadata().putObject("lakehouse").put("task", "meta").put("depends", "tagged")
                .put("run_if", "AT_LEAST_ONE_SUCCESS").put("timeout_seconds", 30).put("cluster_key", "c1");
        Path file = save("meta.ipynb", notebook(code("t", "int y = 2;", "task=tagged"), fromMetadata));
        Task meta = export(file).task("meta").orElseThrow();
        assertThat(meta.dependencyKeys()).containsExactly("tagged");
        assertThat(meta.runIf()).isEqualTo(RunIf.AT_LEAST_ONE_SUCCESS);
        assertThat(meta.timeoutSeconds()).isEqualTo(30);
        assertThat(meta.clusterKey()).isEqualTo("c1");
    }

    @Test
    void contradictionsBetweenCellsAreReported() throws IOException {
        Cell first = code("a1", "int x = 1;", "task=a");
        first.metadata().putObject("lakehouse").put("task", "b").put("max_retries", 1);
        Cell second = code("a2", "int y = 1;");
        second.metadata().putObject("lakehouse").put("max_retries", 2);
        Path file = save("contra.ipynb", notebook(first, second, code("s", "int z;", "setup", "task=c"),
                code("two-tasks", "int w;", "task=d", "task=e")));
        assertThat(problems(ExportOptions.builder().baseDir(dir).build(), file)).containsExactly(
                "contra.ipynb cells[0] (id a1): tag task=a and metadata.lakehouse.task \"b\" disagree; keep one",
                "contra.ipynb cells[1] (id a2): task \"a\" sets max_retries to 2 here but to 1 at contra.ipynb cells[0] (id a1)",
                "contra.ipynb cells[2] (id s): cell is both shared (setup) and part of task \"c\"; remove one of the two",
                "contra.ipynb cells[3] (id two-tasks): cell has several task tags (task=d, task=e); a cell belongs to one task");
    }

    @Test
    void cellLevelTasksNeedCellIds() throws Exception {
        Notebook old = Notebook.parse("""
                {"cells": [{"cell_type": "code", "execution_count": null, "metadata": {"tags": ["task=a"]},
                            "outputs": [], "source": "int n = 1;"}],
                 "metadata": {}, "nbformat": 4, "nbformat_minor": 4}
                """, "old.ipynb");
        Path file = save("old.ipynb", old);
        assertThat(problems(ExportOptions.builder().baseDir(dir).build(), file)).containsExactly(
                "old.ipynb: nbformat 4.4 has no cell ids, which cell-level tasks need; save the notebook with JupyterLab 3 or newer (nbformat 4.5)");
    }

    @Test
    void notebookLevelUsesFileNamesMetadataAndDependsOptions() throws IOException {
        Path a = save("load data.ipynb", notebook(code("x", "int x = 1;")));
        Notebook second = notebook(code("y", "int y = 1;"));
        second.metadata().putObject("lakehouse").put("task_key", "train").put("depends_on", "nothing-real");
        Path b = save("train.ipynb", second);
        JobSpec spec = JobExporter.export(List.of(a, b), ExportOptions.builder().baseDir(dir).jobName("ml")
                .depends("train", List.of("load_data")).build());
        assertThat(spec.tasks()).extracting(Task::taskKey).containsExactly("load_data", "train");
        assertThat(spec.task("train").orElseThrow().dependencyKeys()).as("--depends replaces the metadata").containsExactly("load_data");
        assertThat(spec.tasks().get(0).notebookTask().notebookPath()).isEqualTo("load data.ipynb");
        assertThat(spec.tasks().get(0).notebookTask().cellIds()).isNull();
    }

    @Test
    void dependsOptionMustNameATask() throws IOException {
        Path a = save("a.ipynb", notebook(code("x", "int x = 1;")));
        assertThat(problems(ExportOptions.builder().baseDir(dir).depends("aa", List.of("a")).build(), a))
                .containsExactly("--depends aa=...: no task has key \"aa\" (did you mean \"a\"?); tasks: a");
    }

    @Test
    void sharedParametersMustAgreeAcrossNotebooks() throws IOException {
        Path a = save("a.ipynb", notebook(code("p", "int n = 1;\nString s = \"x\";", CellTags.PARAMETERS)));
        Path b = save("b.ipynb", notebook(code("p", "long n = 1L;\nString s = \"x\";", CellTags.PARAMETERS)));
        assertThat(problems(ExportOptions.builder().baseDir(dir).build(), a, b)).containsExactly(
                "b.ipynb cells[0] (id p) line 1: parameter n is declared `long = 1L` here but `int = 1` at a.ipynb cells[0] (id p);"
                        + " a job parameter needs one type and default");
    }

    @Test
    void notebooksOutsideTheBaseDirectoryAreRefused(@TempDir Path elsewhere) throws IOException {
        Path outside = elsewhere.resolve("x.ipynb");
        notebook(code("x", "int x = 1;")).write(outside);
        assertThat(problems(ExportOptions.builder().baseDir(dir).build(), outside)).singleElement().asString()
                .endsWith("is outside the base directory " + dir + "; notebook paths in a job are relative to it,"
                        + " so export from a directory that contains the notebook");
    }

    @Test
    void scheduleOptionsNeedACron() throws IOException {
        Path a = save("a.ipynb", notebook(code("x", "int x = 1;")));
        assertThat(problems(ExportOptions.builder().baseDir(dir).timezone("UTC").build(), a)).containsExactly(
                "schedule: a time zone, pause status or catch-up policy needs a cron expression (--cron)");
    }
}
