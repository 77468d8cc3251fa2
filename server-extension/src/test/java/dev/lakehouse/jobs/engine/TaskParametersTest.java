package dev.lakehouse.jobs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.export.spec.JobParameter;
import dev.lakehouse.export.spec.JobSpec;
import dev.lakehouse.export.spec.NotebookTask;
import dev.lakehouse.export.spec.NotebookSource;
import dev.lakehouse.export.spec.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskParametersTest {
    private static final String NOTEBOOK = """
            {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
             "cells": [{"cell_type": "code", "id": "p", "metadata": {"tags": ["parameters"]}, "outputs": [],
                        "execution_count": null, "source": "int rows = 10;\\nString label = \\"notebook\\";"}]}
            """;

    private final JobSpec job = JobSpec.builder("nightly")
            .parameters(List.of(new JobParameter("rows", "500"), new JobParameter("region", "eu"))).build();

    @Test
    void aRunWithoutValuesGetsTheJobsDefaultsAndGivenValuesWin() {
        assertThat(TaskLauncher.runParameters(job, Map.of())).containsExactly(Map.entry("rows", "500"), Map.entry("region", "eu"));
        assertThat(TaskLauncher.runParameters(job, Map.of("rows", "7")))
                .containsEntry("rows", "7").containsEntry("region", "eu");
    }

    @Test
    void jobParametersOverrideBaseParametersAndReachOnlyNotebooksThatDeclareThem(@TempDir Path dir) throws Exception {
        Path notebook = Files.writeString(dir.resolve("report.ipynb"), NOTEBOOK);
        Task task = Task.builder("report").notebookTask(
                new NotebookTask("report.ipynb", NotebookSource.WORKSPACE, Map.of("rows", "20", "label", "base"), null, null))
                .build();

        Map<String, String> values = TaskLauncher.parametersFor(task, notebook, TaskLauncher.runParameters(job, Map.of()));

        assertThat(values).containsEntry("rows", "500").containsEntry("label", "base").doesNotContainKey("region");
    }
}
