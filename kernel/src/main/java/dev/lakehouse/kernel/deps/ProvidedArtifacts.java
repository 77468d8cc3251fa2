package dev.lakehouse.kernel.deps;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Artifacts whose classes the notebook already sees: the kernel's own jars (Spark, Scala, Jackson...)
 * and jars added earlier in the session. Adding a second copy of one would give duplicate classes.
 *
 * <p>Jars are indexed by the artifactIds their file names can stand for ({@code name-1.2.jar});
 * a candidate is confirmed by the {@code META-INF/maven/<group>/<artifact>/} folder inside the jar,
 * or by the name alone when the jar carries no Maven metadata (as Scala's jars).
 */
public final class ProvidedArtifacts {
    private static final String MAVEN_METADATA = "META-INF/maven/";

    private final Map<String, List<Path>> jarsByArtifactId = new ConcurrentHashMap<>();
    private final Map<Path, Set<String>> groupArtifactsInJar = new ConcurrentHashMap<>();

    public static ProvidedArtifacts of(Collection<Path> jars) {
        ProvidedArtifacts provided = new ProvidedArtifacts();
        jars.forEach(provided::addJar);
        return provided;
    }

    public static ProvidedArtifacts ofRunningKernel() {
        return of(KernelClasspath.running());
    }

    /** Makes {@code jar} count as provided from now on (a jar the notebook just added). */
    public void addJar(Path jar) {
        String name = jar.getFileName() == null ? "" : jar.getFileName().toString();
        if (!name.endsWith(".jar")) {
            return;
        }
        for (String artifactId : artifactIdCandidates(name.substring(0, name.length() - 4))) {
            jarsByArtifactId.computeIfAbsent(artifactId, k -> new CopyOnWriteArrayList<>()).add(jar);
        }
    }

    /** The jar that already provides {@code groupId:artifactId}, if any. */
    public Optional<Path> providerOf(String groupId, String artifactId) {
        for (Path jar : jarsByArtifactId.getOrDefault(artifactId, List.of())) {
            Set<String> declared = groupArtifactsInJar.computeIfAbsent(jar, ProvidedArtifacts::readMavenMetadata);
            if (declared.isEmpty() || declared.contains(groupId + ":" + artifactId)) {
                return Optional.of(jar);
            }
        }
        return Optional.empty();
    }

    /** Every prefix of the base name that ends right before "-<digit>": name-1.2-api-2.0 gives name, name-1.2-api. */
    static List<String> artifactIdCandidates(String baseName) {
        List<String> candidates = new ArrayList<>();
        for (int i = 1; i < baseName.length() - 1; i++) {
            if (baseName.charAt(i) == '-' && Character.isDigit(baseName.charAt(i + 1))) {
                candidates.add(baseName.substring(0, i));
            }
        }
        if (candidates.isEmpty()) {
            candidates.add(baseName);
        }
        return candidates;
    }

    private static Set<String> readMavenMetadata(Path jar) {
        Set<String> groupArtifacts = new HashSet<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.startsWith(MAVEN_METADATA) && name.endsWith("/pom.properties")) {
                    String[] parts = name.substring(MAVEN_METADATA.length()).split("/");
                    if (parts.length == 3) {
                        groupArtifacts.add(parts[0] + ":" + parts[1]);
                    }
                }
            }
        } catch (IOException e) {
            // unreadable: fall back to trusting the file name
        }
        return groupArtifacts;
    }
}
