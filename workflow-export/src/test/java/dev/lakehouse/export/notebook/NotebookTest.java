package dev.lakehouse.export.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.export.testing.Resources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotebookTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Fields we do not model (attachments, widgets, other tools' metadata, odd numbers) survive read and write. */
    private static final String RICH = """
            {"cells": [
              {"cell_type": "markdown", "id": "m1", "metadata": {"jupyter": {"source_hidden": true}},
               "source": "# Title\\nline two", "attachments": {"a.png": {"image/png": "iVBORw0KGgo="}}},
              {"cell_type": "code", "execution_count": 3, "id": "c1",
               "metadata": {"tags": ["task=ingest", "depends=a"], "lakehouse": {"max_retries": 2}, "collapsed": false},
               "outputs": [{"output_type": "stream", "name": "stdout", "text": ["hi\\n"]}],
               "source": ["int x = 1;\\n", "x + 1"]},
              {"cell_type": "raw", "id": "r1", "metadata": {"format": "text/plain"}, "source": []}
            ],
             "metadata": {"kernelspec": {"name": "lakehouse-java", "language": "java", "display_name": "Lakehouse Java"},
                          "language_info": {"name": "java"}, "widgets": {"state": {}}, "ratio": 1.50},
             "nbformat": 4, "nbformat_minor": 5}
            """;

    @Test
    void readThenWriteKeepsEveryField() throws IOException {
        Notebook notebook = Notebook.parse(RICH, "rich.ipynb");
        JsonNode reread = JSON.readTree(notebook.toJson());
        assertThat(reread).isEqualTo(JSON.readTree(RICH));
        assertThat(notebook.toJson()).contains("\"ratio\": 1.50");
    }

    static Stream<Path> repositoryNotebooks() throws IOException {
        try (Stream<Path> files = Files.walk(Resources.REPO.resolve("notebooks"))) {
            return files.filter(p -> p.toString().endsWith(".ipynb")).toList().stream();
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("repositoryNotebooks")
    void repositoryNotebooksRoundTripByteForByteExceptKeyOrder(Path file) throws IOException {
        Notebook notebook = Notebook.read(file);
        assertThat(JSON.readTree(notebook.toJson())).isEqualTo(JSON.readTree(file.toFile()));
    }

    @Test
    void modelsCellsTagsAndMetadata() throws IOException {
        Notebook notebook = Notebook.parse(RICH, "rich.ipynb");
        assertThat(notebook.kernelName()).contains("lakehouse-java");
        assertThat(notebook.language()).contains("java");
        assertThat(notebook.supportsCellIds()).isTrue();
        List<Cell> cells = notebook.cells();
        assertThat(cells).extracting(Cell::cellType).containsExactly("markdown", "code", "raw");
        Cell code = cells.get(1);
        assertThat(code.id()).contains("c1");
        assertThat(code.source()).isEqualTo("int x = 1;\nx + 1");
        assertThat(cells.get(0).source()).isEqualTo("# Title\nline two");
        assertThat(code.tags()).containsExactly("task=ingest", "depends=a");
        assertThat(code.hasTag("task=ingest")).isTrue();
        assertThat(code.metadataKeys()).containsExactly("tags", "lakehouse", "collapsed");
        assertThat(code.metadataValue("lakehouse")).get().extracting(n -> n.get("max_retries").asInt()).isEqualTo(2);
        assertThat(code.executionCount()).contains(3);
        assertThat(code.outputs()).hasSize(1);
        assertThat(notebook.indexOfCellId("r1")).hasValue(2);
        assertThat(notebook.indexOfFirstTagged("task=ingest")).hasValue(1);
    }

    @Test
    void viewsWriteThroughToTheNotebook() throws IOException {
        Notebook notebook = Notebook.parse(RICH, "rich.ipynb");
        Cell code = notebook.cell(1);
        code.setSource("a\nb\n");
        code.setTags(List.of("setup"));
        code.setExecutionCount(null);
        code.outputs().removeAll();
        JsonNode written = JSON.readTree(notebook.toJson()).get("cells").get(1);
        assertThat(written.get("source")).isEqualTo(JSON.readTree("[\"a\\n\", \"b\\n\"]"));
        assertThat(written.get("metadata").get("tags")).isEqualTo(JSON.readTree("[\"setup\"]"));
        assertThat(written.get("execution_count").isNull()).isTrue();
        assertThat(written.get("outputs")).isEmpty();
    }

    @Test
    void insertRemoveAndCopyAreIndependent() throws IOException {
        Notebook notebook = Notebook.parse(RICH, "rich.ipynb");
        Notebook copy = notebook.copy();
        copy.insertCell(0, Cell.newCode("new", "int y = 2;", List.of("parameters")));
        copy.removeCell(3);
        assertThat(copy.cells()).extracting(c -> c.id().orElse("")).containsExactly("new", "m1", "c1");
        assertThat(notebook.cellCount()).isEqualTo(3);
        assertThat(copy.cell(0).json().get("execution_count").isNull()).isTrue();
        assertThat(copy.cell(0).json().get("outputs")).isEmpty();
    }

    @Test
    void writesNbformatLayout(@TempDir Path dir) throws IOException {
        Notebook notebook = Notebook.create("lakehouse-java", "java");
        notebook.addCell(Cell.newMarkdown("m", "# Hi"));
        Path file = dir.resolve("sub/new.ipynb");
        notebook.write(file);
        String text = Files.readString(file);
        assertThat(text).startsWith("{\n \"cells\": [\n  {\n   \"cell_type\": \"markdown\",").endsWith("}\n");
        assertThat(Notebook.read(file)).isEqualTo(notebook);
    }

    @Test
    void rejectsWhatIsNotAnNbformat4Notebook() {
        assertThatThrownBy(() -> Notebook.parse("{\"nbformat\": 3, \"worksheets\": []}", "old.ipynb"))
                .isInstanceOf(NotebookFormatException.class)
                .hasMessage("old.ipynb: nbformat 3 is not supported; convert it with `jupyter nbconvert --to notebook --nbformat 4`");
        assertThatThrownBy(() -> Notebook.parse("{\"cells\": [", "cut.ipynb"))
                .hasMessageStartingWith("cut.ipynb: not valid JSON");
        assertThatThrownBy(() -> Notebook.parse("{\"nbformat\": 4, \"cells\": [{\"cell_type\": \"code\", \"source\": 5}]}", "x.ipynb"))
                .hasMessage("x.ipynb cells[0]: source must be a string or a list of strings");
        assertThatThrownBy(() -> Notebook.read(Path.of("does/not/exist.ipynb")))
                .hasMessage("does/not/exist.ipynb: no such notebook file");
    }
}
