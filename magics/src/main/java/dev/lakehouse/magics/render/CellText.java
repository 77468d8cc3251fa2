package dev.lakehouse.magics.render;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * Turns one table cell into display text. Nested values (Spark structs, arrays and maps, Java
 * collections) are spelled out; null is never passed here (tables show it as {@link #NULL}).
 */
public final class CellText {
    public static final String NULL = "NULL";
    private static final int MAX_CHARS = 500;
    private static final int MAX_BYTES = 32;

    private CellText() {}

    public static String of(Object value) {
        String text = render(value);
        return text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) + "…" : text;
    }

    private static String render(Object value) {
        if (value == null) {
            return NULL;
        }
        if (value instanceof byte[] bytes) {
            String hex = HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, MAX_BYTES));
            return "0x" + hex + (bytes.length > MAX_BYTES ? "… (" + bytes.length + " bytes)" : "");
        }
        if (value instanceof Row row) {
            return struct(row);
        }
        if (value instanceof scala.collection.Map<?, ?> map) {
            return entries(scala.jdk.javaapi.CollectionConverters.asJava(map).entrySet().iterator());
        }
        if (value instanceof Map<?, ?> map) {
            return entries(map.entrySet().iterator());
        }
        if (value instanceof scala.collection.Iterable<?> seq) {
            return sequence(scala.jdk.javaapi.CollectionConverters.asJava(seq.iterator()));
        }
        if (value instanceof Iterable<?> list) {
            return sequence(list.iterator());
        }
        if (value instanceof Object[] array) {
            return sequence(java.util.Arrays.asList(array).iterator());
        }
        return String.valueOf(value);
    }

    private static String struct(Row row) {
        List<String> parts = new ArrayList<>();
        String[] names = row.schema() == null ? null : row.schema().fieldNames();
        for (int i = 0; i < row.length(); i++) {
            String v = render(row.get(i));
            parts.add(names == null ? v : names[i] + ": " + v);
        }
        return "{" + String.join(", ", parts) + "}";
    }

    private static String sequence(Iterator<?> items) {
        List<String> parts = new ArrayList<>();
        items.forEachRemaining(item -> parts.add(render(item)));
        return "[" + String.join(", ", parts) + "]";
    }

    private static String entries(Iterator<? extends Map.Entry<?, ?>> entries) {
        List<String> parts = new ArrayList<>();
        entries.forEachRemaining(e -> parts.add(render(e.getKey()) + " -> " + render(e.getValue())));
        return "{" + String.join(", ", parts) + "}";
    }
}
