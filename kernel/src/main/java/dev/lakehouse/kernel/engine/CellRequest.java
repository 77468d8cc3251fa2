package dev.lakehouse.kernel.engine;

/**
 * One cell to run. {@code cellId} names the Spark job group; {@code silent} suppresses outputs;
 * {@code storeHistory} is whether the cell counts towards history.
 */
public record CellRequest(String code, String cellId, boolean silent, boolean storeHistory) {}
