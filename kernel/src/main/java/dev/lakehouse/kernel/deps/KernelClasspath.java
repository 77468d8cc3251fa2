package dev.lakehouse.kernel.deps;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The jars the kernel itself runs with: {@code java.class.path} plus, transitively, the manifest
 * {@code Class-Path} of each jar on it. With {@code java -jar lakehouse-kernel.jar} that is the
 * kernel jar and its lib/ folder; under Surefire it is the booter jar's manifest.
 */
public final class KernelClasspath {
    private KernelClasspath() {}

    public static List<Path> running() {
        return expand(System.getProperty("java.class.path", ""));
    }

    static List<Path> expand(String classPath) {
        Set<Path> seen = new LinkedHashSet<>();
        Deque<Path> pending = new ArrayDeque<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                pending.add(Path.of(entry).toAbsolutePath().normalize());
            }
        }
        while (!pending.isEmpty()) {
            Path path = pending.poll();
            if (!seen.add(path) || !Files.isRegularFile(path)) {
                continue;
            }
            pending.addAll(manifestClassPath(path));
        }
        return List.copyOf(seen);
    }

    private static List<Path> manifestClassPath(Path jar) {
        try (JarFile jarFile = new JarFile(jar.toFile(), false)) {
            Manifest manifest = jarFile.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (classPath == null || classPath.isBlank()) {
                return List.of();
            }
            URI base = jar.toUri();
            return Arrays.stream(classPath.strip().split("\\s+"))
                    .map(entry -> toPath(base, entry))
                    .filter(Objects::nonNull)
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Path toPath(URI base, String entry) {
        try {
            return Path.of(base.resolve(entry)).normalize();
        } catch (IllegalArgumentException e) {
            return null; // a non-file URL in a manifest cannot shadow our classes
        }
    }
}
