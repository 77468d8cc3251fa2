package dev.lakehouse.kernel.engine;

import java.security.Permission;

/**
 * Turns {@code System.exit} from a cell into an exception instead of a dead kernel. A
 * SecurityManager is the only hook the JDK offers (deprecated, still working on 17 with
 * {@code -Djava.security.manager=allow}); every other permission is granted without checks.
 */
@SuppressWarnings({"removal", "deprecation"})
public final class ExitGuard extends SecurityManager {
    private static volatile boolean kernelExiting;

    public static void install() {
        try {
            System.setSecurityManager(new ExitGuard());
        } catch (UnsupportedOperationException | SecurityException e) {
            System.err.println("[lakehouse] System.exit protection unavailable: " + e.getMessage());
        }
    }

    /** The kernel itself is shutting down: let exit through. */
    public static void allowExit() {
        kernelExiting = true;
    }

    @Override
    public void checkExit(int status) {
        if (!kernelExiting) {
            throw new SecurityException("System.exit(" + status + ") was blocked: it would kill the kernel. "
                    + "Use 'Restart Kernel' in the frontend, or throw an exception to stop the cell.");
        }
    }

    @Override
    public void checkPermission(Permission perm) {
        // everything else is allowed
    }

    @Override
    public void checkPermission(Permission perm, Object context) {
        // everything else is allowed
    }
}
