package dev.lakehouse.magics.vector;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;

/**
 * The stored columns of one row, as bytes in the index. Spark's external row values (boxed
 * numbers, strings, dates, decimals, Scala collections, nested rows) are all Serializable, so Java
 * serialization keeps every column type without a codec per type. Only bytes this index wrote are
 * ever read back.
 */
final class StoredRows {
    private StoredRows() {}

    static byte[] encode(Object[] values) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + values.length * 16);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(values);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store a row's columns", e);
        }
        return bytes.toByteArray();
    }

    static Object[] decode(byte[] stored) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(stored))) {
            return (Object[]) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("a stored row in the index is unreadable; rebuild it with %vector sync NAME --full", e);
        }
    }
}
