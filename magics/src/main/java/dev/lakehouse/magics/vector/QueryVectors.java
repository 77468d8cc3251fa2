package dev.lakehouse.magics.vector;

import dev.lakehouse.magics.api.MagicContext;
import dev.lakehouse.magics.api.MagicException;
import java.util.List;

/** A {@code --vector VAR} notebook variable as a float[]. */
final class QueryVectors {
    private QueryVectors() {}

    static float[] fromVariable(MagicContext context, String name) {
        Object value = context.variable(name).orElseThrow(() -> new MagicException("No variable '" + name
                + "'. --vector takes a notebook variable holding a float[], double[] or List<Number>,"
                + " e.g. float[] q = Embeddings.embedOne(\"...\");"));
        return toFloats(name, value);
    }

    static float[] toFloats(String name, Object value) {
        if (value instanceof float[] floats) {
            return floats;
        }
        if (value instanceof double[] doubles) {
            float[] floats = new float[doubles.length];
            for (int i = 0; i < doubles.length; i++) {
                floats[i] = (float) doubles[i];
            }
            return floats;
        }
        if (value instanceof List<?> list) {
            float[] floats = new float[list.size()];
            for (int i = 0; i < floats.length; i++) {
                if (!(list.get(i) instanceof Number number)) {
                    throw new MagicException("'" + name + "' element " + i + " is not a number.");
                }
                floats[i] = number.floatValue();
            }
            return floats;
        }
        throw new MagicException("'" + name + "' is a " + (value == null ? "null" : value.getClass().getSimpleName())
                + "; --vector needs a float[], double[] or List<Number>.");
    }
}
