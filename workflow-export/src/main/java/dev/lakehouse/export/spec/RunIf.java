package dev.lakehouse.export.spec;

/** Databricks' {@code run_if}: when a task runs given the results of the tasks it depends on. */
public enum RunIf {
    ALL_SUCCESS, ALL_DONE, AT_LEAST_ONE_SUCCESS, NONE_FAILED, ALL_FAILED, AT_LEAST_ONE_FAILED
}
