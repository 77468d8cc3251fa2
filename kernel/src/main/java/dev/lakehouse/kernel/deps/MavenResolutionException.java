package dev.lakehouse.kernel.deps;

import dev.lakehouse.magics.api.MagicException;

/** A coordinate that could not be parsed or resolved; the message names it and the repositories tried. */
public class MavenResolutionException extends MagicException {
    public MavenResolutionException(String message) {
        super(message);
    }

    public MavenResolutionException(String message, Throwable cause) {
        super(message, cause);
    }
}
