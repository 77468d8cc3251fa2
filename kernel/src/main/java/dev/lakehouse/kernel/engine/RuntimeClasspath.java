package dev.lakehouse.kernel.engine;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The kernel's full classpath, which JShell's compiler needs to compile cells against Spark and
 * our APIs: {@code java.class.path} plus the Class-Path entries of jar manifests (the kernel jar
 * lists its lib/ folder there).
 */
public final class RuntimeClasspath {
    private RuntimeClasspath() {}

    public static String compute() {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                addWithManifest(Path.of(entry).toAbsolutePath(), entries);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void addWithManifest(Path entry, Set<String> entries) {
        if (!entries.add(entry.toString()) || !entry.toString().endsWith(".jar") || !Files.isRegularFile(entry)) {
            return;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest manifest = jar.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath == null) {
                return;
            }
            Path base = entry.getParent();
            for (String relative : classPath.trim().split("\\s+")) {
                if (!relative.isBlank()) {
                    Path p = relative.startsWith("file:")
                            ? Path.of(java.net.URI.create(relative))
                            : base.resolve(java.net.URLDecoder.decode(relative, java.nio.charset.StandardCharsets.UTF_8)).normalize();
                    if (Files.exists(p)) {
                        entries.add(p.toString());
                    }
                }
            }
        } catch (IOException e) {
            // unreadable jar: keep it, just without its manifest entries
        }
    }
}
