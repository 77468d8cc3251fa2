package dev.lakehouse.kernel.deps;

import java.nio.file.Path;
import java.util.List;

/** The outcome of one {@code %maven}: jars to add, and artifacts left out because the notebook has them. */
public record Resolution(List<ResolvedJar> jars, List<SkippedArtifact> skipped) {
    public Resolution {
        jars = List.copyOf(jars);
        skipped = List.copyOf(skipped);
    }

    public List<Path> paths() {
        return jars.stream().map(ResolvedJar::path).toList();
    }

    /** A resolved artifact file; {@code coordinate} is groupId:artifactId[:extension[:classifier]]:version. */
    public record ResolvedJar(String coordinate, Path path) {}

    /** An artifact not added because {@code providedBy} (a jar already visible to the notebook) has it. */
    public record SkippedArtifact(String coordinate, Path providedBy) {}
}
