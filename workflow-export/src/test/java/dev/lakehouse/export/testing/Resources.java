package dev.lakehouse.export.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the repository and the module's test resources, independent of the working directory. */
public final class Resources {

    /** The module directory (Maven runs tests there). */
    public static final Path MODULE = Path.of("").toAbsolutePath();
    /** The repository root: notebook paths in golden specs are relative to it. */
    public static final Path REPO = MODULE.getParent();
    public static final Path TEST_RESOURCES = MODULE.resolve("src/test/resources");
    public static final Path GOLDEN = TEST_RESOURCES.resolve("golden");
    public static final Path BROKEN = TEST_RESOURCES.resolve("broken");
    public static final Path JOB_NOTEBOOKS = REPO.resolve("notebooks/jobs");

    private Resources() {
    }

    public static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Set -Dgolden.update=true to rewrite golden files from the current output (then review the diff). */
    public static boolean updateGoldens() {
        return Boolean.getBoolean("golden.update");
    }
}
