package dev.lakehouse.magics.vector;

/** One search result: the row's id, its score (higher is closer) and its stored columns' bytes. */
public record Hit(String id, double score, byte[] storedRow) {}
