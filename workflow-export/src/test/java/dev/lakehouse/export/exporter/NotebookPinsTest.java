package dev.lakehouse.export.exporter;

import dev.lakehouse.export.notebook.Notebook;
import dev.lakehouse.export.spec.JobSpec;
import dev.lakehouse.export.testing.Resources;
import dev.lakehouse.export.validation.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NotebookPinsTest {

    @TempDir
    Path root;

    private JobSpec exportCopyOfEtl() throws IOException {
        Files.createDirectories(root.resolve("jobs"));
        Files.copy(Resources.JOB_NOTEBOOKS.resolve("etl.ipynb"), root.resolve("jobs/etl.ipynb"));
        return JobExporter.export(List.of(root.resolve("jobs/etl.ipynb")), ExportOptions.builder().baseDir(root).build());
    }

    @Test
    void unchangedNotebooksPass() throws IOException {
        assertThat(NotebookPins.check(exportCopyOfEtl(), root)).isEmpty();
    }

    @Test
    void editedCodeAndRemovedCellsAreReported() throws IOException {
        JobSpec spec = exportCopyOfEtl();
        Path file = root.resolve("jobs/etl.ipynb");
        Notebook notebook = Notebook.read(file);
        notebook.removeCell(notebook.indexOfCellId("report").getAsInt());
        notebook.write(file);
        List<String> problems = NotebookPins.check(spec, root).stream().map(Problem::toString).toList();
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).startsWith("tasks[0](ingest).notebook_task: jobs/etl.ipynb changed since export");
        assertThat(problems.get(1)).isEqualTo("tasks[2](report).notebook_task: jobs/etl.ipynb has no cell with id report");
    }

    @Test
    void pathsOutsideTheRootAreRefused(@TempDir Path elsewhere) throws IOException {
        assertThat(NotebookPins.resolve(root, "jobs/etl.ipynb")).contains(root.resolve("jobs/etl.ipynb"));
        assertThat(NotebookPins.resolve(root, "../etc/passwd")).isEmpty();
        assertThat(NotebookPins.resolve(root, "jobs/../../x.ipynb")).isEmpty();
        assertThat(NotebookPins.resolve(root, elsewhere.resolve("x.ipynb").toString())).isEmpty();
        Files.writeString(elsewhere.resolve("secret.ipynb"), "{}");
        Files.createSymbolicLink(root.resolve("link.ipynb"), elsewhere.resolve("secret.ipynb"));
        assertThat(NotebookPins.resolve(root, "link.ipynb")).as("a symlink leading outside").isEmpty();
    }
}
