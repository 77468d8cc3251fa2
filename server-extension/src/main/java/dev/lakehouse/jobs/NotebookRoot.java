package dev.lakehouse.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The directory jobs may take notebooks from. Every notebook path a client gives, or a job spec
 * names, is resolved here and refused if it leads outside (after following symlinks).
 */
public final class NotebookRoot {
    private final Path root;

    public NotebookRoot(Path root) {
        try {
            this.root = root.toAbsolutePath().normalize().toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("notebook root " + root + " does not exist", e);
        }
    }

    public Path path() {
        return root;
    }

    /**
     * The real path of {@code notebook} (absolute, or relative to the root).
     *
     * @throws OutsideRootException if it is outside the root or does not exist
     */
    public Path resolve(String notebook) {
        Path candidate = root.resolve(notebook).normalize();
        if (!candidate.startsWith(root)) {
            throw new OutsideRootException(notebook + " is outside the notebook root " + root);
        }
        if (!Files.isRegularFile(candidate)) {
            throw new OutsideRootException("no notebook " + notebook + " under the notebook root " + root);
        }
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (IOException e) {
            throw new OutsideRootException("cannot read " + notebook + ": " + e.getMessage());
        }
        if (!real.startsWith(root)) {
            throw new OutsideRootException(notebook + " leads outside the notebook root " + root + " (symbolic link)");
        }
        return real;
    }

    /** The path relative to the root, with forward slashes, as job specs store it. */
    public String relative(Path realPath) {
        return root.relativize(realPath).toString().replace('\\', '/');
    }

    /** A notebook path that is outside the root, or missing. */
    public static final class OutsideRootException extends RuntimeException {
        public OutsideRootException(String message) {
            super(message);
        }
    }
}
