package dev.lakehouse.kernel.install;

/** An install or uninstall that cannot go ahead; the message says why and what to do instead. */
public class KernelInstallException extends RuntimeException {
    public KernelInstallException(String message) {
        super(message);
    }

    public KernelInstallException(String message, Throwable cause) {
        super(message, cause);
    }
}
