package dev.lakehouse.magics.mlflow;

/** One metric value as log-batch sends it; {@code timestamp} in epoch milliseconds. */
public record Metric(String key, double value, long timestamp, long step) {}
