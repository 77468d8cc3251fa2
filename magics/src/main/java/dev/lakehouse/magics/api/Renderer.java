package dev.lakehouse.magics.api;

/**
 * Turns a value into a MIME bundle. Implementations are found with {@link java.util.ServiceLoader}
 * (META-INF/services/dev.lakehouse.magics.api.Renderer), so libraries can plug their own in.
 * The first renderer (highest {@link #priority()}) that supports a value wins.
 */
public interface Renderer {
    boolean supports(Object value);

    DisplayData render(Object value, RenderOptions options);

    default int priority() {
        return 0;
    }
}
