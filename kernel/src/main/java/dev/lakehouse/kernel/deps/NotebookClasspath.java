package dev.lakehouse.kernel.deps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What {@code %maven} and {@code %classpath} added to the notebook's classpath in this session.
 * One instance is shared by both magics so each sees the other's jars.
 */
public final class NotebookClasspath {
    /** A jar or class folder added to the notebook, and by what ({@code %maven g:a:v} or {@code %classpath}). */
    public record Entry(Path path, String origin) {}

    private final Consumer<Path> classpathAdder;
    private final Supplier<ProvidedArtifacts> providedSource;
    private final List<Entry> entries = new ArrayList<>();
    private ProvidedArtifacts provided;

    /** {@code classpathAdder} puts a path on the notebook's class path, e.g. {@code p -> jshell.addToClasspath(p.toString())}. */
    public NotebookClasspath(Consumer<Path> classpathAdder) {
        this(classpathAdder, ProvidedArtifacts::ofRunningKernel);
    }

    public NotebookClasspath(Consumer<Path> classpathAdder, Supplier<ProvidedArtifacts> providedSource) {
        this.classpathAdder = Objects.requireNonNull(classpathAdder);
        this.providedSource = Objects.requireNonNull(providedSource);
    }

    /** Adds {@code path} unless it was added before; returns whether it was new. */
    public synchronized boolean add(Path path, String origin) {
        Path normalized = path.toAbsolutePath().normalize();
        if (entries.stream().anyMatch(e -> e.path().equals(normalized))) {
            return false;
        }
        classpathAdder.accept(normalized);
        entries.add(new Entry(normalized, origin));
        provided().addJar(normalized);
        return true;
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** The added jar files (not class folders), e.g. for {@code spark.jars} when Spark starts later. */
    public synchronized List<Path> jars() {
        return entries.stream().map(Entry::path).filter(Files::isRegularFile).toList();
    }

    /** The kernel's own jars plus those added here; the kernel classpath is scanned on first use. */
    public synchronized ProvidedArtifacts provided() {
        if (provided == null) {
            provided = providedSource.get();
        }
        return provided;
    }
}
