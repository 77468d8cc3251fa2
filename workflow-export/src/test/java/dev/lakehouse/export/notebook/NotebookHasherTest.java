package dev.lakehouse.export.notebook;

import dev.lakehouse.export.testing.Resources;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class NotebookHasherTest {

    private static Notebook etl() throws IOException {
        return Notebook.read(Resources.JOB_NOTEBOOKS.resolve("etl.ipynb"));
    }

    @Test
    void isStableAndHex() throws IOException {
        assertThat(NotebookHasher.sha256(etl())).matches("[0-9a-f]{64}").isEqualTo(NotebookHasher.sha256(etl()));
    }

    @Test
    void runningTheNotebookOrEditingProseKeepsThePin() throws IOException {
        Notebook notebook = etl();
        String before = NotebookHasher.sha256(notebook);
        Cell ingest = notebook.cell(notebook.indexOfCellId("ingest").getAsInt());
        ingest.setExecutionCount(7);
        ingest.outputs().addObject().put("output_type", "stream").put("name", "stdout").put("text", "ok\n");
        ingest.metadata().put("collapsed", true);
        notebook.cell(0).setSource("# Renamed title");
        assertThat(NotebookHasher.sha256(notebook)).isEqualTo(before);
    }

    @Test
    void editingCodeTagsOrTaskMetadataBreaksThePin() throws IOException {
        String original = NotebookHasher.sha256(etl());

        Notebook code = etl();
        code.cell(code.indexOfCellId("report").getAsInt()).setSource("System.out.println(1);");
        Notebook tags = etl();
        tags.cell(tags.indexOfCellId("report").getAsInt()).setTags(java.util.List.of("task=report", "depends=clean"));
        Notebook metadata = etl();
        metadata.cell(metadata.indexOfCellId("report").getAsInt()).metadata().putObject("lakehouse").put("max_retries", 3);

        assertThat(NotebookHasher.sha256(code)).isNotEqualTo(original);
        assertThat(NotebookHasher.sha256(tags)).isNotEqualTo(original);
        assertThat(NotebookHasher.sha256(metadata)).isNotEqualTo(original);
    }
}
