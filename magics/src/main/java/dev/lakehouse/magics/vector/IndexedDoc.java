package dev.lakehouse.magics.vector;

/**
 * One row as the index keeps it: its id (the id column cast to string), its vector (already
 * embedded for text indexes), the text for BM25 (null for vector-column indexes), a hash of the
 * row's indexed and stored values (to diff against the table on sync) and the stored columns.
 */
public record IndexedDoc(String id, float[] vector, String text, long hash, byte[] storedRow) {}
