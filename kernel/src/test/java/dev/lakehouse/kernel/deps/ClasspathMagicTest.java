package dev.lakehouse.kernel.deps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.api.MagicCall;
import dev.lakehouse.magics.api.MagicException;
import dev.lakehouse.magics.api.MagicInvocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClasspathMagicTest {
    @TempDir
    Path notebookDir;

    private final List<Path> notebookClasspath = new ArrayList<>();
    private final NotebookClasspath classpath = new NotebookClasspath(notebookClasspath::add, () -> ProvidedArtifacts.of(List.of()));
    private final ClasspathMagic magic = new ClasspathMagic(classpath);
    private RecordingMagicContext context;

    @BeforeEach
    void notebookWithJars() throws IOException {
        context = new RecordingMagicContext(notebookDir.resolve("analysis.ipynb"));
        ProvidedArtifactsTest.jar(notebookDir.resolve("lib/alpha-1.0.jar"), "org.example:alpha", null);
        ProvidedArtifactsTest.jar(notebookDir.resolve("lib/beta-2.0.jar"), null, null);
        ProvidedArtifactsTest.jar(notebookDir.resolve("lib/nested/gamma-3.0.jar"), null, null);
        Files.writeString(notebookDir.resolve("lib/README.txt"), "not a jar");
        Files.createDirectories(notebookDir.resolve("classes/com/example"));
    }

    private static MagicInvocation line(String line) {
        return MagicCall.parseLineMagic(line).orElseThrow();
    }

    @Test
    void addsAJarAndAClassFolderRelativeToTheNotebook() {
        magic.run(line("%classpath lib/alpha-1.0.jar classes"), context);

        assertThat(notebookClasspath).containsExactly(notebookDir.resolve("lib/alpha-1.0.jar"), notebookDir.resolve("classes"));
        assertThat(context.lastDisplay().plainText()).contains("Added 2", "alpha-1.0.jar", "folder");
        assertThat(classpath.jars()).containsExactly(notebookDir.resolve("lib/alpha-1.0.jar"));
        assertThat(classpath.provided().providerOf("org.example", "alpha")).isPresent();
    }

    @Test
    void aGlobAddsTheJarsItMatchesOnly() {
        magic.run(line("%classpath lib/*.jar"), context);
        assertThat(notebookClasspath).containsExactly(notebookDir.resolve("lib/alpha-1.0.jar"), notebookDir.resolve("lib/beta-2.0.jar"));

        magic.run(line("%classpath 'lib/**.jar'"), context);
        assertThat(notebookClasspath).endsWith(notebookDir.resolve("lib/nested/gamma-3.0.jar")).hasSize(3);
    }

    @Test
    void withoutArgumentsItListsWhatWasAdded() {
        magic.run(line("%classpath"), context);
        assertThat(context.outText()).contains("Nothing added yet");

        magic.run(line("%classpath lib/beta-2.0.jar"), context);
        magic.run(line("%classpath"), context);
        DisplayData listing = context.lastDisplay();
        assertThat(listing.plainText()).contains("1 added", "beta-2.0.jar", "%classpath");
        assertThat((String) listing.data().get(DisplayData.HTML)).contains("<code>beta-2.0.jar</code>");
    }

    @Test
    void addingTheSamePathAgainIsANoOp() {
        magic.run(line("%classpath lib/beta-2.0.jar"), context);
        magic.run(line("%classpath " + notebookDir.resolve("lib/beta-2.0.jar")), context);

        assertThat(notebookClasspath).hasSize(1);
        assertThat(context.lastDisplay().plainText()).contains("nothing added");
    }

    @Test
    void mistakesGiveActionableMessages() {
        assertThatThrownBy(() -> magic.run(line("%classpath lib/missing.jar"), context))
                .isInstanceOf(MagicException.class).hasMessageContaining("No such file or folder: " + notebookDir.resolve("lib/missing.jar"));
        assertThatThrownBy(() -> magic.run(line("%classpath lib/README.txt"), context))
                .isInstanceOf(MagicException.class).hasMessageContaining("neither a .jar nor a folder");
        assertThatThrownBy(() -> magic.run(line("%classpath nowhere/*.jar"), context))
                .isInstanceOf(MagicException.class).hasMessageContaining("No jar matches nowhere/*.jar");
        assertThatThrownBy(() -> magic.run(line("%classpath --recursive lib"), context))
                .isInstanceOf(MagicException.class).hasMessageContaining("%classpath --help");
        assertThat(notebookClasspath).isEmpty();
    }

    @Test
    void helpDescribesUsage() {
        magic.run(line("%classpath --help"), context);

        assertThat(context.outText()).contains("Usage: %classpath", "PATH_OR_GLOB", "%maven");
        assertThat(magic.help()).isNotBlank();
    }

    @Test
    void jarsAddedByMavenAreListedToo() throws IOException {
        Path fromMaven = ProvidedArtifactsTest.jar(notebookDir.resolve("m2/lib-1.0.jar"), "org.example:lib", null);
        classpath.add(fromMaven, "org.example:lib:1.0");

        magic.run(line("%classpath"), context);

        assertThat(context.lastDisplay().plainText()).contains("lib-1.0.jar", "org.example:lib:1.0");
    }
}
