package dev.lakehouse.kernel.deps;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvidedArtifactsTest {
    @TempDir
    Path temp;

    /** A jar with the Maven metadata folder Maven puts into every jar it builds (when groupArtifact is given). */
    static Path jar(Path file, String groupArtifact, String manifestClassPath) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (manifestClassPath != null) {
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, manifestClassPath);
        }
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            if (groupArtifact != null) {
                String[] ga = groupArtifact.split(":");
                jar.putNextEntry(new JarEntry("META-INF/maven/" + ga[0] + "/" + ga[1] + "/pom.properties"));
                jar.write(("groupId=" + ga[0] + "\nartifactId=" + ga[1] + "\nversion=1.0\n").getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
        return file;
    }

    @Test
    void artifactIdCandidatesCoverNamesWithDigitsInThem() {
        assertThat(ProvidedArtifacts.artifactIdCandidates("log4j-1.2-api-2.24.3")).containsExactly("log4j", "log4j-1.2-api");
        assertThat(ProvidedArtifacts.artifactIdCandidates("spark-core_2.13-4.0.1")).containsExactly("spark-core_2.13");
        assertThat(ProvidedArtifacts.artifactIdCandidates("scala-library-2.13.16")).containsExactly("scala-library");
        assertThat(ProvidedArtifacts.artifactIdCandidates("weird")).containsExactly("weird");
    }

    @Test
    void mavenMetadataDecidesTheGroupAndNameAloneDecidesWithoutIt() throws IOException {
        Path withMetadata = jar(temp.resolve("bar-1.0.jar"), "org.example:bar", null);
        Path withoutMetadata = jar(temp.resolve("baz-2.0.jar"), null, null);
        ProvidedArtifacts provided = ProvidedArtifacts.of(List.of(withMetadata, withoutMetadata));

        assertThat(provided.providerOf("org.example", "bar")).contains(withMetadata);
        assertThat(provided.providerOf("com.other", "bar")).isEmpty();
        assertThat(provided.providerOf("any.group", "baz")).contains(withoutMetadata);
        assertThat(provided.providerOf("org.example", "qux")).isEmpty();
    }

    @Test
    void jarsAddedLaterCountToo() throws IOException {
        ProvidedArtifacts provided = ProvidedArtifacts.of(List.of());
        Path added = jar(temp.resolve("repo/org/example/lib/3.1/lib-3.1.jar"), "org.example:lib", null);

        assertThat(provided.providerOf("org.example", "lib")).isEmpty();
        provided.addJar(added);
        assertThat(provided.providerOf("org.example", "lib")).contains(added);
    }

    @Test
    void theRunningKernelProvidesSparkScalaAndJackson() {
        ProvidedArtifacts provided = ProvidedArtifacts.ofRunningKernel();

        assertThat(provided.providerOf("org.apache.spark", "spark-core_2.13")).isPresent();
        assertThat(provided.providerOf("org.scala-lang", "scala-library")).isPresent();
        assertThat(provided.providerOf("com.fasterxml.jackson.core", "jackson-databind")).isPresent();
        assertThat(provided.providerOf("org.apache.commons", "commons-text-not-there")).isEmpty();
    }

    @Test
    void manifestClassPathIsFollowedLikeJavaDashJarDoes() throws IOException {
        Path lib = jar(temp.resolve("target/lib/dep-1.0.jar"), "org.example:dep", null);
        Path kernel = jar(temp.resolve("target/kernel.jar"), null, "lib/dep-1.0.jar lib/missing-1.0.jar");

        List<Path> classpath = KernelClasspath.expand(kernel.toString());

        assertThat(classpath).startsWith(kernel, lib);
        assertThat(ProvidedArtifacts.of(classpath).providerOf("org.example", "dep")).contains(lib);
    }
}
