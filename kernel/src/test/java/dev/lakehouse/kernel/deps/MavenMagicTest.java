package dev.lakehouse.kernel.deps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.api.MagicCall;
import dev.lakehouse.magics.api.MagicException;
import dev.lakehouse.magics.api.MagicInvocation;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MavenMagicTest {
    @TempDir
    static Path localRepository;

    private final List<Path> notebookClasspath = new ArrayList<>();
    private final NotebookClasspath classpath = new NotebookClasspath(notebookClasspath::add);
    private final MavenMagic magic = new MavenMagic(classpath, localRepository);
    private final RecordingMagicContext context = new RecordingMagicContext(null);

    private static MagicInvocation line(String line) {
        return MagicCall.parseLineMagic(line).orElseThrow();
    }

    @Test
    void addsTheLibrarySoNotebookCodeCanUseIt() throws Exception {
        magic.run(line("%maven org.apache.commons:commons-csv:1.12.0"), context);

        assertThat(notebookClasspath).extracting(p -> p.getFileName().toString()).containsExactly("commons-csv-1.12.0.jar");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {notebookClasspath.get(0).toUri().toURL()},
                getClass().getClassLoader())) {
            Class<?> csvFormat = loader.loadClass("org.apache.commons.csv.CSVFormat");
            Object defaultFormat = csvFormat.getField("DEFAULT").get(null);
            assertThat(csvFormat.getMethod("format", Object[].class).invoke(defaultFormat, (Object) new Object[] {"lake", "house"}))
                    .isEqualTo("lake,house");
        }
        DisplayData shown = context.lastDisplay();
        assertThat(shown.plainText()).contains("Added 1 jar", "commons-csv-1.12.0.jar", "KB",
                "Skipped", "commons-io:commons-io:");
        assertThat((String) shown.data().get(DisplayData.HTML)).contains("<table>", "<code>commons-csv-1.12.0.jar</code>");
        assertThat(classpath.entries()).extracting(NotebookClasspath.Entry::origin)
                .containsExactly("org.apache.commons:commons-csv:1.12.0");
    }

    @Test
    void runningItTwiceAddsNothingTheSecondTime() {
        magic.run(line("%maven org.apache.commons:commons-csv:1.12.0"), context);
        magic.run(line("%maven org.apache.commons:commons-csv:1.12.0"), context);

        assertThat(notebookClasspath).hasSize(1);
        assertThat(context.lastDisplay().plainText()).contains("Nothing new to add");
    }

    @Test
    void cellFormTakesOneCoordinatePerLine() {
        MagicInvocation cell = MagicCall.parseCellMagic("%%maven\n# CSV\norg.apache.commons:commons-csv:1.12.0\n\n")
                .orElseThrow();

        magic.run(cell, context);

        assertThat(notebookClasspath).extracting(p -> p.getFileName().toString()).containsExactly("commons-csv-1.12.0.jar");
    }

    @Test
    void helpDescribesUsage() {
        magic.run(line("%maven --help"), context);

        assertThat(context.outText()).contains("Usage: %maven", "COORDINATE", "--repo=URL", "Maven Central");
        assertThat(magic.help()).isEqualTo(context.outText());
        assertThat(notebookClasspath).isEmpty();
    }

    @Test
    void mistakesGiveActionableMessages() {
        assertThatThrownBy(() -> magic.run(line("%maven"), context))
                .isInstanceOf(MagicException.class).hasMessageContaining("needs at least one coordinate");
        assertThatThrownBy(() -> magic.run(line("%maven commons-text"), context))
                .isInstanceOf(MagicException.class).hasMessageContaining("'commons-text' is not a Maven coordinate");
        assertThatThrownBy(() -> magic.run(line("%maven --offline g:a:1"), context))
                .isInstanceOf(MagicException.class).hasMessageContaining("--offline").hasMessageContaining("%maven --help");
        assertThatThrownBy(() -> magic.run(line("%maven g:a:1 --repo ftp://example.com/repo"), context))
                .isInstanceOf(MagicException.class).hasMessageContaining("is not a repository URL");
        assertThat(notebookClasspath).isEmpty();
    }

    @Test
    void anUnknownArtifactNamesTheRepositoriesTried() {
        assertThatThrownBy(() -> magic.run(line("%maven dev.lakehouse.nothere:nothing:9.9 --repo "
                + localRepository.resolve("remote").toUri()), context))
                .isInstanceOf(MagicException.class)
                .hasMessageContaining("dev.lakehouse.nothere:nothing:9.9")
                .hasMessageContaining("central (https://repo.maven.apache.org/maven2/)")
                .hasMessageContaining("repo1 (file:");
    }

    @Test
    void describesItselfForLsmagic() {
        assertThat(magic.name()).isEqualTo("maven");
        assertThat(magic.kind().allowsLine()).isTrue();
        assertThat(magic.kind().allowsCell()).isTrue();
        assertThat(magic.summary()).isNotBlank();
    }
}
