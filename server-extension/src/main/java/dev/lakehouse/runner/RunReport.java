package dev.lakehouse.runner;

import java.nio.file.Path;

/** How a headless run ended. {@code failedCell} is the index of the failing cell, or -1. */
public record RunReport(boolean succeeded, int cellsRun, int failedCell, String error, Path output, long millis) {}
