package dev.lakehouse.kernel.deps;

import dev.lakehouse.magics.api.Magic;
import dev.lakehouse.magics.api.MagicContext;
import dev.lakehouse.magics.api.MagicException;
import dev.lakehouse.magics.api.MagicInvocation;
import dev.lakehouse.magics.api.MagicKind;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code %maven g:a:v [g:a:v...] [--repo URL]}: resolves libraries with their dependencies from
 * Maven Central and adds them to the notebook. {@code %%maven} takes one coordinate per line.
 */
public final class MavenMagic implements Magic {
    @Command(name = "%maven", sortOptions = false,
            description = {"Adds Maven libraries, with their runtime dependencies, to the notebook's classpath. "
                + "Downloads from Maven Central (and --repo repositories) into the local Maven repository "
                + "(~/.m2/repository). Libraries the kernel already has (Spark, Scala, Jackson...) are skipped "
                + "so no class exists twice; the kernel's version is used."},
            footer = {"", "Examples:", "  %%maven org.apache.commons:commons-csv:1.12.0",
                "  %%maven com.example:lib:1.0 --repo https://maven.example.com/releases",
                "  %%%%maven    (then one coordinate per line)"})
    static final class Options {
        @Parameters(paramLabel = "COORDINATE", arity = "0..*",
                description = "groupId:artifactId:version, or groupId:artifactId:extension[:classifier]:version.")
        List<String> coordinates = new ArrayList<>();

        @Option(names = "--repo", paramLabel = "URL",
                description = "Also search this Maven repository; remembered for later %%maven in this session.")
        List<URI> repositories = new ArrayList<>();

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
    }

    private final NotebookClasspath classpath;
    private final Path localRepository;
    private MavenResolver resolver;

    /** Shares {@code classpath} with {@link ClasspathMagic}; downloads into ~/.m2/repository. */
    public MavenMagic(NotebookClasspath classpath) {
        this(classpath, MavenResolver.defaultLocalRepository());
    }

    public MavenMagic(NotebookClasspath classpath, Path localRepository) {
        this.classpath = classpath;
        this.localRepository = localRepository;
    }

    /** For a notebook without %classpath: {@code classpathAdder} puts a jar on the notebook's class path. */
    public MavenMagic(Consumer<Path> classpathAdder) {
        this(new NotebookClasspath(classpathAdder));
    }

    @Override
    public String name() {
        return "maven";
    }

    @Override
    public MagicKind kind() {
        return MagicKind.LINE_AND_CELL;
    }

    @Override
    public String summary() {
        return "Add Maven libraries (group:artifact:version) and their dependencies to the classpath";
    }

    @Override
    public String help() {
        return MagicOptions.usage(new Options());
    }

    @Override
    public Object run(MagicInvocation invocation, MagicContext context) {
        Options options = new Options();
        if (!MagicOptions.parse(options, invocation.argv())) {
            context.out().print(help());
            return null;
        }
        List<String> coordinates = new ArrayList<>(options.coordinates);
        if (invocation.isCell()) {
            invocation.body().lines().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#") && !line.startsWith("//"))
                    .forEach(coordinates::add);
        }
        if (coordinates.isEmpty()) {
            throw new MagicException("%maven needs at least one coordinate, e.g. "
                    + "%maven org.apache.commons:commons-csv:1.12.0 (see %maven --help)");
        }
        coordinates.forEach(MavenResolver::parse);
        MavenResolver active = resolver(options.repositories);
        Resolution resolution = active.resolveWithReport(coordinates, context.out()::println);

        List<ClasspathReport.Row> added = new ArrayList<>();
        List<Path> newJars = new ArrayList<>();
        for (Resolution.ResolvedJar jar : resolution.jars()) {
            if (classpath.add(jar.path(), jar.coordinate())) {
                added.add(new ClasspathReport.Row(jar.path(), jar.coordinate()));
                newJars.add(jar.path());
            }
        }
        SparkJars.share(context, newJars);
        String heading = added.isEmpty()
                ? "Nothing new to add for " + String.join(", ", coordinates) + "."
                : "Added " + added.size() + (added.size() == 1 ? " jar" : " jars") + " to the notebook classpath:";
        context.display(ClasspathReport.of(heading, added, resolution.skipped()));
        return null;
    }

    /** Repositories given with --repo stay for the rest of the session. */
    private synchronized MavenResolver resolver(List<URI> extraRepositories) {
        if (resolver == null) {
            resolver = new MavenResolver(localRepository, List.of(), classpath.provided());
        }
        List<URI> unknown = extraRepositories.stream().filter(uri -> !resolver.repositories().contains(withSlash(uri))).toList();
        if (!unknown.isEmpty()) {
            unknown.forEach(MavenMagic::checkRepository);
            resolver = resolver.withExtraRepositories(unknown);
        }
        return resolver;
    }

    private static URI withSlash(URI uri) {
        String s = uri.toString();
        return URI.create(s.endsWith("/") ? s : s + "/");
    }

    private static void checkRepository(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (!List.of("https", "http", "file").contains(scheme)) {
            throw new MagicException("--repo " + uri + " is not a repository URL: use https://..., http://... or file:///...");
        }
    }
}
