package dev.lakehouse.export.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code notebook_task}: which notebook (and, for a cell-level task, which of its cells) a task runs.
 *
 * @param notebookPath    relative to the jobs service's notebook root
 * @param source          Databricks' WORKSPACE or GIT; absent means a local file
 * @param baseParameters  parameter values for this task; job parameters override them
 * @param notebookSha256  (ours) {@link dev.lakehouse.export.notebook.NotebookHasher} pin
 * @param cellIds         (ours) cell-level task: ids of the cells to run, in execution order; absent: the whole notebook
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NotebookTask(
        @JsonProperty("notebook_path") String notebookPath,
        @JsonProperty("source") NotebookSource source,
        @JsonProperty("base_parameters") Map<String, String> baseParameters,
        @JsonProperty("notebook_sha256") String notebookSha256,
        @JsonProperty("cell_ids") List<String> cellIds) {

    public NotebookTask {
        baseParameters = baseParameters == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(baseParameters));
        cellIds = cellIds == null ? null : List.copyOf(cellIds);
    }

    public static NotebookTask of(String notebookPath, String sha256, List<String> cellIds) {
        return new NotebookTask(notebookPath, null, null, sha256, cellIds);
    }

    @JsonIgnore
    public boolean isCellLevel() {
        return cellIds != null && !cellIds.isEmpty();
    }
}
