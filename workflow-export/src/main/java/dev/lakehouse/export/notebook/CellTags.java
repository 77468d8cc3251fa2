package dev.lakehouse.export.notebook;

/** Cell tags with a meaning to the exporter, the runner and papermill. */
public final class CellTags {

    /** papermill's convention: the cell declaring parameters and their defaults. */
    public static final String PARAMETERS = "parameters";
    /** papermill's convention: the generated cell holding run values, placed right after {@link #PARAMETERS}. */
    public static final String INJECTED_PARAMETERS = "injected-parameters";
    /** Shared cells prepended to every cell-level task. */
    public static final String SETUP = "setup";
    /** Cells never run by a job. */
    public static final String SKIP = "skip";
    /** {@code task=KEY}: the cell starts (or continues) task KEY. */
    public static final String TASK_PREFIX = "task=";
    /** {@code depends=A,B}: the cell's task depends on tasks A and B. */
    public static final String DEPENDS_PREFIX = "depends=";
    /** Notebook- and cell-level metadata key holding our settings. */
    public static final String METADATA_KEY = "lakehouse";

    private CellTags() {
    }
}
