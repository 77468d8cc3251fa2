package dev.lakehouse.magics.mlflow;

/** One Delta table version a query read: its catalog name (null when read by path), location and version. */
public record DeltaRead(String table, String path, long version) implements Comparable<DeltaRead> {
    /** The name people know the table by: its catalog name, else its path. */
    public String displayName() {
        return table != null ? table : path;
    }

    @Override
    public int compareTo(DeltaRead other) {
        int byName = displayName().compareTo(other.displayName());
        return byName != 0 ? byName : Long.compare(version, other.version);
    }
}
