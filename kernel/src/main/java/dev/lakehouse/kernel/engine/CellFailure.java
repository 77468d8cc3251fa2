package dev.lakehouse.kernel.engine;

/**
 * Code run inside a cell by a magic ({@link dev.lakehouse.magics.api.MagicContext#runCell}) failed.
 * Carries the failure exactly as the kernel would report it for a cell of its own; the magic
 * rethrows it and the engine reports that result.
 */
final class CellFailure extends RuntimeException {
    private final transient CellResult result;

    CellFailure(CellResult result) {
        super(result.error().name() + ": " + result.error().value(), null, false, false);
        this.result = result;
    }

    CellResult result() {
        return result;
    }
}
