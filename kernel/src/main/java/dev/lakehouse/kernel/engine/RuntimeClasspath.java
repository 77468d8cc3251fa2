package dev.lakehouse.kernel.engine;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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

    /**
     * The classpath in two parts: what javac needs for every cell (our own jars and class
     * folders) and the rest (Spark, Delta, Hadoop, Scala... about 230 jars), which javac gets only
     * when a cell needs it. javac keeps an index of every entry of every jar it is given, which
     * for the full classpath is ~150 MB of heap: a kernel that never touches Spark should not pay it.
     */
    public record Split(String eager, String deferred, Set<String> runtimeEntries) {
        /** A split of the JVM's own classpath (its entries are read from the jar manifests). */
        public Split(String eager, String deferred) {
            this(eager, deferred, entries());
        }
    }

    public static Split split() {
        List<String> eager = new ArrayList<>();
        List<String> deferred = new ArrayList<>();
        Set<String> entries = entries();
        for (String entry : entries) {
            Path path = Path.of(entry);
            String name = path.getFileName().toString();
            Path withoutClassPath = path.resolveSibling(name.replaceFirst("\\.jar$", "-jshell.jar"));
            if (Files.isDirectory(path)) {
                eager.add(entry);
            } else if (!name.startsWith("lakehouse-") || name.endsWith("-jshell.jar")) {
                deferred.add(entry);
            } else if (!manifestClassPath(path).isEmpty()) {
                // javac would follow the manifest to every jar: compile against the copy without it
                deferred.add(entry);
                if (Files.isRegularFile(withoutClassPath)) {
                    eager.add(withoutClassPath.toString());
                }
            } else {
                eager.add(entry);
            }
        }
        return new Split(String.join(File.pathSeparator, eager), String.join(File.pathSeparator, deferred), entries);
    }

    /** Every entry of {@link #compute()}, as absolute paths. */
    public static Set<String> entries() {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                addWithManifest(Path.of(entry).toAbsolutePath(), entries);
            }
        }
        return entries;
    }

    public static String compute() {
        return String.join(File.pathSeparator, entries());
    }

    private static void addWithManifest(Path entry, Set<String> entries) {
        if (entries.add(entry.toString())) {
            manifestClassPath(entry).forEach(p -> entries.add(p.toString()));
        }
    }

    /** The existing entries a jar's manifest Class-Path names (none for folders and unreadable jars). */
    private static List<Path> manifestClassPath(Path entry) {
        List<Path> found = new ArrayList<>();
        if (!entry.toString().endsWith(".jar") || !Files.isRegularFile(entry)) {
            return found;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest manifest = jar.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath == null) {
                return found;
            }
            Path base = entry.getParent();
            for (String relative : classPath.trim().split("\\s+")) {
                if (!relative.isBlank()) {
                    Path p = relative.startsWith("file:")
                            ? Path.of(java.net.URI.create(relative))
                            : base.resolve(java.net.URLDecoder.decode(relative, java.nio.charset.StandardCharsets.UTF_8)).normalize();
                    if (Files.exists(p)) {
                        found.add(p);
                    }
                }
            }
        } catch (IOException e) {
            // unreadable jar: kept, just without its manifest entries
        }
        return found;
    }
}
