package dev.lakehouse.magics.delta;

import dev.lakehouse.magics.api.MagicException;

/**
 * A version that existed but can no longer be read in full: log cleanup removed its commits or
 * VACUUM deleted data files it references. Carries the earliest version that can still be read.
 */
public final class VersionUnreachableException extends MagicException {
    private final long requestedVersion;
    private final long earliestReachableVersion;

    public VersionUnreachableException(String message, long requestedVersion, long earliestReachableVersion) {
        super(message);
        this.requestedVersion = requestedVersion;
        this.earliestReachableVersion = earliestReachableVersion;
    }

    public long requestedVersion() {
        return requestedVersion;
    }

    public long earliestReachableVersion() {
        return earliestReachableVersion;
    }
}
