package dev.lakehouse.kernel.deps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resolves real artifacts from Maven Central into a fresh local repository. */
class MavenResolverTest {
    @TempDir
    static Path localRepository;

    @Test
    void resolvesTransitivelyAndSkipsWhatTheKernelAlreadyHas() {
        MavenResolver resolver = new MavenResolver(localRepository, List.of(), ProvidedArtifacts.ofRunningKernel());
        List<String> progress = new ArrayList<>();

        Resolution resolution = resolver.resolveWithReport(List.of("org.apache.commons:commons-csv:1.12.0"), progress::add);

        assertThat(resolution.jars()).extracting(Resolution.ResolvedJar::coordinate)
                .containsExactly("org.apache.commons:commons-csv:1.12.0");
        assertThat(resolution.paths().get(0))
                .isEqualTo(localRepository.resolve("org/apache/commons/commons-csv/1.12.0/commons-csv-1.12.0.jar"))
                .isNotEmptyFile();
        // Spark brings commons-io and commons-codec, so the notebook must not get second copies.
        assertThat(resolution.skipped()).extracting(Resolution.SkippedArtifact::coordinate)
                .anyMatch(c -> c.startsWith("commons-io:commons-io:"))
                .anyMatch(c -> c.startsWith("commons-codec:commons-codec:"));
        assertThat(resolution.skipped()).extracting(s -> s.providedBy().getFileName().toString())
                .anyMatch(name -> name.startsWith("commons-io-"));
    }

    @Test
    void withNothingProvidedTheDependenciesComeToo() {
        MavenResolver resolver = new MavenResolver(localRepository, List.of(), ProvidedArtifacts.of(List.of()));
        List<String> progress = new ArrayList<>();

        Resolution resolution = resolver.resolveWithReport(List.of("org.apache.commons:commons-csv:1.12.0"), progress::add);

        assertThat(resolution.paths()).extracting(p -> p.getFileName().toString())
                .startsWith("commons-csv-1.12.0.jar")
                .anyMatch(name -> name.startsWith("commons-io-"))
                .anyMatch(name -> name.startsWith("commons-codec-"));
        assertThat(resolution.skipped()).isEmpty();
        assertThat(progress).anyMatch(line -> line.startsWith("Downloaded commons-io-"));
    }

    @Test
    void anArtifactTheKernelHasInAnotherVersionIsSkippedNamingTheKernelsJar() {
        MavenResolver resolver = new MavenResolver(localRepository, List.of(), ProvidedArtifacts.ofRunningKernel());

        Resolution resolution = resolver.resolveWithReport(List.of("org.apache.commons:commons-text:1.12.0"), m -> {});

        assertThat(resolution.jars()).isEmpty();
        assertThat(resolution.skipped()).singleElement().satisfies(skipped -> {
            assertThat(skipped.coordinate()).isEqualTo("org.apache.commons:commons-text:1.12.0");
            assertThat(skipped.providedBy().getFileName().toString()).startsWith("commons-text-").isNotEqualTo("commons-text-1.12.0.jar");
        });
    }

    @Test
    void aRequestedArtifactTheKernelHasIsSkippedNotDownloaded() {
        MavenResolver resolver = new MavenResolver(localRepository, List.of(), ProvidedArtifacts.ofRunningKernel());

        Resolution resolution = resolver.resolveWithReport(List.of("com.fasterxml.jackson.core:jackson-databind:2.17.0"), m -> {});

        assertThat(resolution.jars()).isEmpty();
        assertThat(resolution.skipped()).extracting(Resolution.SkippedArtifact::coordinate)
                .containsExactly("com.fasterxml.jackson.core:jackson-databind:2.17.0");
        assertThat(localRepository.resolve("com/fasterxml/jackson/core/jackson-databind/2.17.0/jackson-databind-2.17.0.jar"))
                .doesNotExist();
    }

    @Test
    void aMissingArtifactNamesTheCoordinateAndTheRepository() {
        MavenResolver resolver = new MavenResolver(localRepository, List.of(), ProvidedArtifacts.of(List.of()));

        assertThatThrownBy(() -> resolver.resolve(List.of("dev.lakehouse.nothere:no-such-artifact:0.0.1")))
                .isInstanceOf(MavenResolutionException.class)
                .hasMessageContaining("Could not resolve dev.lakehouse.nothere:no-such-artifact:0.0.1")
                .hasMessageContaining("not found in central (https://repo.maven.apache.org/maven2/)")
                .hasMessageContaining("--repo URL");
    }

    @Test
    void extraRepositoriesAreSearchedAndNamedInErrors() {
        Path emptyRepo = localRepository.resolve("empty-remote");
        MavenResolver resolver = new MavenResolver(localRepository, List.of(), ProvidedArtifacts.of(List.of()))
                .withExtraRepositories(List.of(emptyRepo.toUri()));

        assertThat(resolver.repositories()).containsExactly(URI.create("https://repo.maven.apache.org/maven2/"),
                URI.create(emptyRepo.toUri() + (emptyRepo.toUri().toString().endsWith("/") ? "" : "/")));
        assertThatThrownBy(() -> resolver.resolve(List.of("dev.lakehouse.nothere:other:1.0")))
                .hasMessageContaining("central (https://repo.maven.apache.org/maven2/), repo1 (file:");
    }

    @Test
    void malformedCoordinatesAreRejectedBeforeAnyDownload() {
        MavenResolver resolver = new MavenResolver(localRepository, List.of(), ProvidedArtifacts.of(List.of()));

        for (String bad : List.of("commons-text", "org.apache.commons:commons-text", "a::1.0", "a:b:c:d:e:f")) {
            assertThatThrownBy(() -> resolver.resolve(List.of(bad)))
                    .isInstanceOf(MavenResolutionException.class)
                    .hasMessageContaining("'" + bad + "' is not a Maven coordinate")
                    .hasMessageContaining("groupId:artifactId:version");
        }
        assertThatThrownBy(() -> resolver.resolve(List.of())).hasMessageContaining("No coordinate given");
    }

    @Test
    void classifierAndExtensionAreKeptInTheCoordinate() {
        assertThat(MavenResolver.coordinate(MavenResolver.parse("g:a:jar:tests:1.0"))).isEqualTo("g:a:jar:tests:1.0");
        assertThat(MavenResolver.coordinate(MavenResolver.parse("g:a:1.0"))).isEqualTo("g:a:1.0");
    }
}
