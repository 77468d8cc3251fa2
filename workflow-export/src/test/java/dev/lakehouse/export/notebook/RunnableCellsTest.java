package dev.lakehouse.export.notebook;

import dev.lakehouse.export.params.ParameterInjector;
import dev.lakehouse.export.testing.Resources;
import dev.lakehouse.export.validation.ValidationException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunnableCellsTest {

    private static List<String> ids(Notebook notebook, List<Integer> indices) {
        return indices.stream().map(i -> notebook.cell(i).id().orElseThrow()).toList();
    }

    @Test
    void wholeNotebookRunsCodeCellsExceptSkipped() throws IOException {
        Notebook etl = Notebook.read(Resources.JOB_NOTEBOOKS.resolve("etl.ipynb"));
        assertThat(ids(etl, RunnableCells.ofNotebook(etl)))
                .containsExactly("parameters", "setup", "ingest", "ingest-write", "clean", "report");
    }

    @Test
    void taskRunsItsCellsInSpecOrderWithTheInjectedCellAfterParameters() throws IOException {
        Notebook etl = Notebook.read(Resources.JOB_NOTEBOOKS.resolve("etl.ipynb"));
        Notebook injected = ParameterInjector.inject(etl, Map.of("sampleSize", "9"));
        List<String> cellIds = List.of("parameters", "setup", "clean");
        assertThat(ids(injected, RunnableCells.ofTask(injected, cellIds)))
                .containsExactly("parameters", "injected-parameters", "setup", "clean");
        assertThat(ids(etl, RunnableCells.ofTask(etl, cellIds))).containsExactly("parameters", "setup", "clean");
    }

    @Test
    void missingCellsAreAllReported() throws IOException {
        Notebook etl = Notebook.read(Resources.JOB_NOTEBOOKS.resolve("etl.ipynb"));
        assertThatThrownBy(() -> RunnableCells.ofTask(etl, List.of("setup", "gone", "also-gone")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems()).hasSize(2))
                .hasMessageContaining("no cell with id \"gone\"");
    }
}
