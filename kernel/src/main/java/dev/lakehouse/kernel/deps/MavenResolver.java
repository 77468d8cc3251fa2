package dev.lakehouse.kernel.deps;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.eclipse.aether.ConfigurationProperties;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession.CloseableSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.collection.DependencyCollectionException;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.DependencyNode;
import org.eclipse.aether.repository.ArtifactRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.transfer.AbstractTransferListener;
import org.eclipse.aether.transfer.ArtifactNotFoundException;
import org.eclipse.aether.transfer.ArtifactTransferException;
import org.eclipse.aether.transfer.TransferEvent;
import org.eclipse.aether.util.artifact.JavaScopes;

/**
 * Resolves Maven coordinates with their runtime dependencies through Apache Maven Resolver:
 * Maven Central (plus extra repositories), with a local repository as cache. Artifacts the
 * notebook already sees ({@link ProvidedArtifacts}) are left out, with their subtrees.
 *
 * <p>Coordinates are {@code groupId:artifactId:version} or
 * {@code groupId:artifactId:extension[:classifier]:version}.
 */
public final class MavenResolver {
    public static final URI MAVEN_CENTRAL = URI.create("https://repo.maven.apache.org/maven2/");
    private static final String CENTRAL_ID = "central";
    private static final int CONNECT_TIMEOUT_MS = 15_000;
    private static final int REQUEST_TIMEOUT_MS = 120_000;

    private final RepositorySystem system;
    private final Path localRepository;
    private final List<URI> extraRepositories;
    private final List<RemoteRepository> repositories;
    private final ProvidedArtifacts provided;

    public MavenResolver(Path localRepository, List<URI> extraRepositories, ProvidedArtifacts provided) {
        this(new RepositorySystemSupplier().get(), localRepository, extraRepositories, provided);
    }

    private MavenResolver(RepositorySystem system, Path localRepository, List<URI> extraRepositories,
                          ProvidedArtifacts provided) {
        this.system = system;
        this.localRepository = localRepository.toAbsolutePath().normalize();
        this.extraRepositories = List.copyOf(extraRepositories);
        this.repositories = remoteRepositories(extraRepositories);
        this.provided = provided;
    }

    /** ~/.m2/repository (or -Dmaven.repo.local) and Maven Central. */
    public static MavenResolver withDefaults(ProvidedArtifacts provided) {
        return new MavenResolver(defaultLocalRepository(), List.of(), provided);
    }

    public static Path defaultLocalRepository() {
        String configured = System.getProperty("maven.repo.local");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /** The same resolver searching {@code extra} repositories too, after those it already has. */
    public MavenResolver withExtraRepositories(List<URI> extra) {
        List<URI> all = new ArrayList<>(extraRepositories);
        all.addAll(extra);
        return new MavenResolver(system, localRepository, all, provided);
    }

    /** Maven Central first, then the extra repositories. */
    public List<URI> repositories() {
        return repositories.stream().map(r -> URI.create(r.getUrl())).toList();
    }

    public Path localRepository() {
        return localRepository;
    }

    /** The files to put on the classpath for {@code coordinates}, dependencies included. */
    public List<Path> resolve(List<String> coordinates) {
        return resolveWithReport(coordinates, message -> {}).paths();
    }

    /** Like {@link #resolve}, also saying what was skipped; {@code progress} hears about downloads. */
    public Resolution resolveWithReport(List<String> coordinates, Consumer<String> progress) {
        if (coordinates.isEmpty()) {
            throw new MavenResolutionException("No coordinate given: write groupId:artifactId:version, "
                    + "e.g. org.apache.commons:commons-csv:1.12.0");
        }
        List<Dependency> requested = coordinates.stream().map(c -> new Dependency(parse(c), JavaScopes.COMPILE)).toList();
        try (CloseableSession session = newSession(progress)) {
            DependencyNode root = collect(session, requested, coordinates);
            List<DependencyNode> wanted = new ArrayList<>();
            List<Resolution.SkippedArtifact> skipped = new ArrayList<>();
            selectNotProvided(root, wanted, skipped, new HashSet<>());
            List<ArtifactRequest> requests = wanted.stream().map(ArtifactRequest::new).toList();
            List<ArtifactResult> results = resolveArtifacts(session, requests, coordinates);
            List<Resolution.ResolvedJar> jars = results.stream()
                    .filter(r -> "jar".equals(r.getArtifact().getExtension()))
                    .map(r -> new Resolution.ResolvedJar(coordinate(r.getArtifact()), r.getArtifact().getPath()))
                    .toList();
            return new Resolution(jars, skipped);
        }
    }

    private CloseableSession newSession(Consumer<String> progress) {
        return new SessionBuilderSupplier(system).get()
                .withLocalRepositoryBaseDirectories(localRepository)
                .setConfigProperty(ConfigurationProperties.CONNECT_TIMEOUT, CONNECT_TIMEOUT_MS)
                .setConfigProperty(ConfigurationProperties.REQUEST_TIMEOUT, REQUEST_TIMEOUT_MS)
                .setTransferListener(new AbstractTransferListener() {
                    @Override
                    public void transferSucceeded(TransferEvent event) {
                        String name = event.getResource().getResourceName();
                        if (name.endsWith(".jar")) {
                            progress.accept("Downloaded " + name.substring(name.lastIndexOf('/') + 1)
                                    + " from " + event.getResource().getRepositoryUrl());
                        }
                    }
                })
                .build();
    }

    private DependencyNode collect(CloseableSession session, List<Dependency> requested, List<String> coordinates) {
        CollectRequest request = new CollectRequest(requested, List.of(), repositories);
        try {
            return system.collectDependencies(session, request).getRoot();
        } catch (DependencyCollectionException e) {
            throw new MavenResolutionException("Could not resolve the dependencies of " + String.join(", ", coordinates)
                    + " from " + describeRepositories() + ": " + rootMessage(e), e);
        }
    }

    private List<ArtifactResult> resolveArtifacts(CloseableSession session, List<ArtifactRequest> requests,
                                                  List<String> coordinates) {
        try {
            return system.resolveArtifacts(session, requests);
        } catch (ArtifactResolutionException e) {
            List<String> problems = new ArrayList<>();
            for (ArtifactResult result : e.getResults()) {
                if (!result.isResolved()) {
                    problems.add(describeFailure(result));
                }
            }
            String requestedBy = coordinates.size() == 1 ? coordinates.get(0) : String.join(", ", coordinates);
            throw new MavenResolutionException("Could not resolve " + requestedBy + ":\n  " + String.join("\n  ", problems)
                    + "\nCheck the coordinate (groupId:artifactId:version) on https://central.sonatype.com, "
                    + "or add the repository that has it with --repo URL.", e);
        }
    }

    /** Depth-first over the conflict-resolved graph; a provided artifact's subtree is left out too. */
    private void selectNotProvided(DependencyNode node, List<DependencyNode> wanted,
                                   List<Resolution.SkippedArtifact> skipped, Set<String> seen) {
        for (DependencyNode child : node.getChildren()) {
            Artifact artifact = child.getArtifact();
            if (artifact == null || !seen.add(coordinate(artifact))) {
                continue;
            }
            Optional<Path> provider = provided.providerOf(artifact.getGroupId(), artifact.getArtifactId());
            if (provider.isPresent()) {
                skipped.add(new Resolution.SkippedArtifact(coordinate(artifact), provider.get()));
                continue;
            }
            wanted.add(child);
            selectNotProvided(child, wanted, skipped, seen);
        }
    }

    private String describeFailure(ArtifactResult result) {
        Artifact artifact = result.getRequest().getArtifact();
        for (Exception exception : result.getExceptions()) {
            if (exception instanceof ArtifactNotFoundException) {
                continue;
            }
            if (exception instanceof ArtifactTransferException transfer && transfer.getRepository() != null) {
                return coordinate(artifact) + ": could not download from " + describe(transfer.getRepository())
                        + ": " + rootMessage(exception);
            }
        }
        return coordinate(artifact) + ": not found in " + describeRepositories() + " (local cache " + localRepository + ")";
    }

    private String describeRepositories() {
        return repositories.stream().map(MavenResolver::describe).collect(Collectors.joining(", "));
    }

    private static String describe(ArtifactRepository repository) {
        return repository instanceof RemoteRepository remote
                ? remote.getId() + " (" + remote.getUrl() + ")" : repository.toString();
    }

    static Artifact parse(String coordinate) {
        String trimmed = coordinate.strip();
        String[] parts = trimmed.split(":", -1);
        boolean blankPart = Arrays.stream(parts).anyMatch(String::isBlank);
        if (parts.length < 3 || parts.length > 5 || blankPart) {
            throw new MavenResolutionException("'" + coordinate + "' is not a Maven coordinate: write "
                    + "groupId:artifactId:version (or groupId:artifactId:extension:classifier:version), "
                    + "e.g. org.apache.commons:commons-csv:1.12.0");
        }
        return new DefaultArtifact(trimmed);
    }

    static String coordinate(Artifact artifact) {
        StringBuilder sb = new StringBuilder(artifact.getGroupId()).append(':').append(artifact.getArtifactId());
        boolean plainJar = "jar".equals(artifact.getExtension()) && artifact.getClassifier().isEmpty();
        if (!plainJar) {
            sb.append(':').append(artifact.getExtension());
            if (!artifact.getClassifier().isEmpty()) {
                sb.append(':').append(artifact.getClassifier());
            }
        }
        return sb.append(':').append(artifact.getVersion()).toString();
    }

    private static List<RemoteRepository> remoteRepositories(List<URI> extra) {
        Set<String> urls = new LinkedHashSet<>();
        urls.add(MAVEN_CENTRAL.toString());
        for (URI uri : extra) {
            String url = uri.toString();
            urls.add(url.endsWith("/") ? url : url + "/");
        }
        List<RemoteRepository> repositories = new ArrayList<>();
        for (String url : urls) {
            String id = url.equals(MAVEN_CENTRAL.toString()) ? CENTRAL_ID : "repo" + repositories.size();
            repositories.add(new RemoteRepository.Builder(id, "default", url).build());
        }
        return repositories;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }
}
