package dev.lakehouse.kernel.engine;

import dev.lakehouse.magics.api.DisplayData;
import java.util.Arrays;

/** Plain-text rendering used when no registered renderer claims a value. */
final class ValueRendering {
    private ValueRendering() {}

    static DisplayData fallback(Object value) {
        return DisplayData.text(plainText(value));
    }

    static String plainText(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Object[] array) {
            return Arrays.deepToString(array);
        }
        if (value.getClass().isArray()) {
            if (value instanceof int[] a) return Arrays.toString(a);
            if (value instanceof long[] a) return Arrays.toString(a);
            if (value instanceof double[] a) return Arrays.toString(a);
            if (value instanceof float[] a) return Arrays.toString(a);
            if (value instanceof boolean[] a) return Arrays.toString(a);
            if (value instanceof char[] a) return Arrays.toString(a);
            if (value instanceof byte[] a) return Arrays.toString(a);
            if (value instanceof short[] a) return Arrays.toString(a);
        }
        return String.valueOf(value);
    }
}
