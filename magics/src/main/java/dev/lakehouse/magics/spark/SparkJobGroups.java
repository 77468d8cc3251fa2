package dev.lakehouse.magics.spark;

import org.apache.spark.SparkContext;

/**
 * Each cell runs in its own Spark job group, so interrupting a cell cancels that cell's jobs only.
 * The group is an inheritable thread-local property: threads the cell starts inherit it.
 */
public final class SparkJobGroups {
    private SparkJobGroups() {}

    public static void enter(SparkContext sc, String cellId, String description) {
        sc.setJobGroup(cellId, description, true);
    }

    public static void leave(SparkContext sc) {
        sc.clearJobGroup();
    }

    public static void cancel(SparkContext sc, String cellId) {
        sc.cancelJobGroup(cellId);
    }
}
