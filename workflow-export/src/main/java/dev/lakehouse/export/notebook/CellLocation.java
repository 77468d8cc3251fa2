package dev.lakehouse.export.notebook;

/** How problems name a cell: {@code jobs/etl.ipynb cells[3] (id clean)} (0-based index into the cells array). */
public final class CellLocation {

    private CellLocation() {
    }

    public static String of(String notebookName, int index, Cell cell) {
        return notebookName + " cells[" + index + "]" + cell.id().map(id -> " (id " + id + ")").orElse("");
    }
}
