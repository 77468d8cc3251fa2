package dev.lakehouse.magics.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * Reads and writes run artifacts in pure Java. A run's artifact URI is normally
 * {@code mlflow-artifacts:/EXP/RUN/artifacts} (the server proxies the real store, started with
 * {@code --serve-artifacts}); those go over HTTP. A {@code file:} URI (a server without the
 * proxy, on this machine) is read and written directly. Anything else cannot be reached without
 * the store's own client, and says so.
 */
public final class ArtifactStore {
    private static final int PARALLEL_TRANSFERS = 4;

    private final TrackingClient client;

    public ArtifactStore(TrackingClient client) {
        this.client = client;
    }

    /** Where an artifact URI points: a path behind the server's proxy, or a local directory. */
    record Location(String proxyPath, Path localPath) {
        Location resolve(String relative) {
            String clean = relative.replaceAll("^/+|/+$", "");
            if (clean.isEmpty()) {
                return this;
            }
            return localPath != null ? new Location(null, localPath.resolve(clean))
                    : new Location(proxyPath.isEmpty() ? clean : proxyPath + "/" + clean, null);
        }
    }

    static Location locate(String artifactUri) {
        URI uri = URI.create(artifactUri);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        switch (scheme) {
            case "mlflow-artifacts":
                return new Location(uri.getPath().replaceAll("^/+|/+$", ""), null);
            case "file":
                return new Location(null, Path.of(uri));
            case "":
                return new Location(null, Path.of(artifactUri));
            default:
                throw new MlflowException("Artifacts are stored at " + artifactUri + ", which the kernel cannot reach"
                        + " directly. Start the tracking server with --serve-artifacts (and --artifacts-destination "
                        + scheme + "://...) so artifacts go through its proxy.");
        }
    }

    public void uploadBytes(String artifactRootUri, String relativePath, byte[] content) {
        Location target = locate(artifactRootUri).resolve(relativePath);
        if (target.localPath() != null) {
            write(target.localPath(), content);
        } else {
            client.http().upload(target.proxyPath(), content, client.retry());
        }
    }

    /** Copies every file under {@code localDir} to {@code artifactRootUri/targetDir/...}; returns the bytes sent. */
    public long uploadDirectory(String artifactRootUri, String targetDir, Path localDir) {
        Location root = locate(artifactRootUri).resolve(targetDir);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(localDir)) {
            files = walk.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new MlflowException("Cannot list " + localDir + " for upload: " + e.getMessage(), e);
        }
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_TRANSFERS, daemon("mlflow-upload"));
        try {
            List<CompletableFuture<Void>> transfers = new ArrayList<>();
            for (Path file : files) {
                String relative = localDir.relativize(file).toString().replace('\\', '/');
                Location target = root.resolve(relative);
                transfers.add(CompletableFuture.runAsync(() -> {
                    if (target.localPath() != null) {
                        copy(file, target.localPath());
                    } else {
                        client.http().upload(target.proxyPath(), file, client.retry());
                    }
                }, pool));
            }
            join(transfers);
        } finally {
            pool.shutdownNow();
        }
        return files.stream().mapToLong(ArtifactStore::size).sum();
    }

    /** Copies the artifact directory (or file) at {@code artifactUri} into {@code target}. */
    public void downloadDirectory(String artifactUri, Path target) {
        Location source = locate(artifactUri);
        if (source.localPath() != null) {
            copyTree(source.localPath(), target);
            return;
        }
        List<String> files = new ArrayList<>();
        collectFiles(source.proxyPath(), "", files);
        if (files.isEmpty()) {
            throw new MlflowException("No artifacts at " + artifactUri + ".");
        }
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_TRANSFERS, daemon("mlflow-download"));
        try {
            List<CompletableFuture<Void>> transfers = new ArrayList<>();
            for (String relative : files) {
                transfers.add(CompletableFuture.runAsync(() -> client.http().download(
                        source.resolve(relative).proxyPath(), target.resolve(relative), client.retry()), pool));
            }
            join(transfers);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Names of the entries directly under an artifact directory ("MLmodel", "sparkml", ...). */
    public List<String> list(String artifactUri) {
        Location location = locate(artifactUri);
        List<String> names = new ArrayList<>();
        if (location.localPath() != null) {
            try (Stream<Path> entries = Files.list(location.localPath())) {
                entries.forEach(p -> names.add(p.getFileName().toString()));
            } catch (IOException e) {
                return names;
            }
            return names;
        }
        for (JsonNode f : client.http().listArtifacts(location.proxyPath(), client.retry()).path("files")) {
            names.add(lastSegment(f.path("path").asText()));
        }
        return names;
    }

    private void collectFiles(String root, String relative, List<String> out) {
        String dir = relative.isEmpty() ? root : root + "/" + relative;
        for (JsonNode f : client.http().listArtifacts(dir, client.retry()).path("files")) {
            String name = lastSegment(f.path("path").asText());
            String child = relative.isEmpty() ? name : relative + "/" + name;
            if (f.path("is_dir").asBoolean(false)) {
                collectFiles(root, child, out);
            } else {
                out.add(child);
            }
        }
    }

    private static String lastSegment(String path) {
        String p = path.replaceAll("/+$", "");
        return p.substring(p.lastIndexOf('/') + 1);
    }

    private static void join(List<CompletableFuture<Void>> transfers) {
        try {
            CompletableFuture.allOf(transfers.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static void write(Path target, byte[] content) {
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.write(target, content);
        } catch (IOException e) {
            throw new MlflowException("Cannot write artifact " + target + ": " + e.getMessage(), e);
        }
    }

    private static void copy(Path source, Path target) {
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new MlflowException("Cannot copy " + source + " to " + target + ": " + e.getMessage(), e);
        }
    }

    private static void copyTree(Path source, Path target) {
        if (!Files.exists(source)) {
            throw new MlflowException("No artifacts at " + source + ".");
        }
        try (Stream<Path> walk = Files.walk(source)) {
            walk.filter(Files::isRegularFile).forEach(f -> copy(f, target.resolve(source.relativize(f).toString())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
