package dev.lakehouse.magics.vector;

import dev.lakehouse.magics.api.MagicException;
import dev.lakehouse.magics.api.Suggestions;
import dev.lakehouse.magics.spark.SparkSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The vector indexes kept under one directory (by default {@code <data dir>/vector-indexes}, outside
 * every table, so a VACUUM never touches them): {@code NAME/index.json} and {@code NAME/lucene/}.
 *
 * <p>Open indexes are cached per JVM so a search pays no open cost. A rebuild is written to a
 * staging directory and swapped in whole, so a failed build leaves the previous index usable.
 */
public final class VectorIndexes {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Map<Path, VectorIndexes> BY_ROOT = new ConcurrentHashMap<>();

    /** An index ready for searching. */
    public record OpenIndex(IndexManifest manifest, LuceneVectorIndex lucene) {}

    private final Path root;
    private final Map<String, OpenIndex> open = new ConcurrentHashMap<>();

    private VectorIndexes(Path root) {
        this.root = root;
    }

    public static VectorIndexes at(Path root) {
        return BY_ROOT.computeIfAbsent(root.toAbsolutePath().normalize(), VectorIndexes::new);
    }

    /** {@code SparkSettings.dataDirectory(env)/vector-indexes}: {@code $LAKEHOUSE_HOME} or {@code ~/.lakehouse}. */
    public static VectorIndexes inDataDirectory() {
        return at(SparkSettings.dataDirectory(System.getenv()).resolve("vector-indexes"));
    }

    public Path root() {
        return root;
    }

    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new MagicException("'" + name + "' is not a valid index name: use letters, digits and _"
                    + " (it is also the name used in SQL), starting with a letter, at most 64 characters.");
        }
    }

    public List<String> names() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(p -> Files.isRegularFile(p.resolve(IndexManifest.FILE)))
                    .map(p -> p.getFileName().toString())
                    .filter(n -> NAME.matcher(n).matches())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean exists(String name) {
        return Files.isRegularFile(root.resolve(name).resolve(IndexManifest.FILE));
    }

    public IndexManifest manifest(String name) {
        requireExists(name);
        return IndexManifest.read(root.resolve(name));
    }

    /**
     * The open index, reopened if another kernel rebuilt it since, and refreshed to its newest
     * commit (a sync from another process).
     */
    public synchronized OpenIndex open(String name) {
        requireExists(name);
        Path directory = root.resolve(name);
        OpenIndex cached = open.get(name);
        if (cached != null) {
            IndexManifest onDisk = IndexManifest.read(directory);
            if (onDisk.equals(cached.manifest())) {
                cached.lucene().refresh();
                return cached;
            }
            close(name);
        }
        IndexManifest manifest = IndexManifest.read(directory);
        OpenIndex opened = new OpenIndex(manifest, LuceneVectorIndex.open(directory.resolve("lucene"),
                manifest.luceneSettings()));
        open.put(name, opened);
        return opened;
    }

    /** A fresh, empty directory to build a new version of {@code name} in. */
    public Path stagingDirectory(String name) {
        try {
            Path staging = root.resolve(".staging").resolve(name + "-" + System.nanoTime());
            Files.createDirectories(staging);
            return staging;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces {@code name} with the index built in {@code staging} (manifest and Lucene files). */
    public synchronized void install(String name, Path staging, IndexManifest manifest) {
        manifest.write(staging);
        close(name);
        Path target = root.resolve(name);
        try {
            if (Files.exists(target)) {
                Path trash = root.resolve(".trash").resolve(name + "-" + System.nanoTime());
                Files.createDirectories(trash.getParent());
                Files.move(target, trash, StandardCopyOption.ATOMIC_MOVE);
                deleteRecursively(trash);
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the new index " + name + " from " + staging, e);
        }
    }

    public synchronized void drop(String name) {
        requireExists(name);
        close(name);
        deleteRecursively(root.resolve(name));
    }

    public static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }

    /** Disk bytes used by an index. */
    public long sizeOnDisk(String name) {
        try (Stream<Path> paths = Files.walk(root.resolve(name))) {
            return paths.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void requireExists(String name) {
        checkName(name);
        if (!exists(name)) {
            List<String> names = names();
            StringBuilder message = new StringBuilder("No vector index '").append(name).append("'.");
            List<String> close = Suggestions.closest(name, names, 3);
            if (!close.isEmpty()) {
                message.append(" Did you mean: ").append(String.join(", ", close)).append('?');
            }
            message.append(names.isEmpty() ? " There are no indexes yet; create one with %vector index NAME --table T ..."
                    : " Indexes: " + String.join(", ", names) + ".");
            throw new MagicException(message.toString());
        }
    }

    private void close(String name) {
        OpenIndex cached = open.remove(name);
        if (cached != null) {
            try {
                cached.lucene().close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
