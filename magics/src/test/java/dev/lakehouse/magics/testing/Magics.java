package dev.lakehouse.magics.testing;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.api.Magic;
import dev.lakehouse.magics.api.MagicCall;
import dev.lakehouse.magics.api.MagicContext;
import dev.lakehouse.magics.api.MagicInvocation;

/** Runs a magic from the text a user would type, exactly as the kernel parses it. */
public final class Magics {
    private Magics() {}

    public static Object run(Magic magic, MagicContext context, String cell) {
        MagicInvocation invocation = (cell.startsWith("%%") ? MagicCall.parseCellMagic(cell)
                : MagicCall.parseLineMagic(cell)).orElseThrow();
        try {
            return magic.run(invocation, context);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String text(Object result) {
        return result instanceof DisplayData d ? d.plainText() : String.valueOf(result);
    }
}
