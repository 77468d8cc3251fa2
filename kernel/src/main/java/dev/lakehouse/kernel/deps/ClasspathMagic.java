package dev.lakehouse.kernel.deps;

import dev.lakehouse.magics.api.Magic;
import dev.lakehouse.magics.api.MagicContext;
import dev.lakehouse.magics.api.MagicException;
import dev.lakehouse.magics.api.MagicInvocation;
import dev.lakehouse.magics.api.MagicKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code %classpath PATH_OR_GLOB...} adds jars and class folders; {@code %classpath} alone lists what was added. */
public final class ClasspathMagic implements Magic {
    @Command(name = "%classpath",
            description = {"Adds jars or class folders to the notebook's classpath. Given no path, it lists "
                + "what was added (also by %%maven). Relative paths start at the notebook's "
                + "folder (else the kernel's working directory); a glob (*, ?, **, {a,b}) adds the jars it matches."},
            footer = {"", "Examples:", "  %%classpath lib/my-udfs.jar", "  %%classpath ~/jars/*.jar build/classes",
                "  %%classpath"})
    static final class Options {
        @Parameters(paramLabel = "PATH_OR_GLOB", arity = "0..*", description = "A .jar, a class folder, or a glob of jars.")
        List<String> paths = new ArrayList<>();

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
    }

    private final NotebookClasspath classpath;

    /** Shares {@code classpath} with {@link MavenMagic}. */
    public ClasspathMagic(NotebookClasspath classpath) {
        this.classpath = classpath;
    }

    /** For a notebook without %maven: {@code classpathAdder} puts a path on the notebook's class path. */
    public ClasspathMagic(Consumer<Path> classpathAdder) {
        this(new NotebookClasspath(classpathAdder));
    }

    @Override
    public String name() {
        return "classpath";
    }

    @Override
    public MagicKind kind() {
        return MagicKind.LINE;
    }

    @Override
    public String summary() {
        return "Add jars or class folders to the classpath; alone, list what was added";
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
        if (options.paths.isEmpty()) {
            List<NotebookClasspath.Entry> entries = classpath.entries();
            if (entries.isEmpty()) {
                context.out().println("Nothing added yet. Use %classpath PATH_OR_GLOB or %maven group:artifact:version.");
            } else {
                List<ClasspathReport.Row> rows = entries.stream().map(e -> new ClasspathReport.Row(e.path(), e.origin())).toList();
                context.display(ClasspathReport.of(rows.size() + " added to the notebook classpath:", rows, List.of()));
            }
            return null;
        }
        Path base = context.notebookPath().map(Path::getParent).orElse(Path.of("")).toAbsolutePath();
        List<Path> paths = new ArrayList<>();
        for (String argument : options.paths) {
            paths.addAll(expand(argument, base));
        }
        List<ClasspathReport.Row> added = new ArrayList<>();
        for (Path path : paths) {
            if (classpath.add(path, "%classpath")) {
                added.add(new ClasspathReport.Row(path, "%classpath"));
            }
        }
        SparkJars.share(context, added.stream().map(ClasspathReport.Row::path).toList());
        String heading = added.isEmpty() ? "Already on the notebook classpath; nothing added."
                : "Added " + added.size() + " to the notebook classpath:";
        context.display(ClasspathReport.of(heading, added, List.of()));
        return null;
    }

    /** One argument to the paths it names: itself when it exists, or the jars a glob matches. */
    static List<Path> expand(String argument, Path base) {
        String pattern = argument.startsWith("~/") ? System.getProperty("user.home") + argument.substring(1) : argument;
        if (!isGlob(pattern)) {
            Path path = base.resolve(pattern).normalize();
            if (Files.isDirectory(path)) {
                return List.of(path);
            }
            if (!Files.isRegularFile(path)) {
                throw new MagicException("No such file or folder: " + path);
            }
            String name = path.getFileName().toString().toLowerCase();
            if (!name.endsWith(".jar") && !name.endsWith(".zip")) {
                throw new MagicException(path + " is neither a .jar nor a folder of classes");
            }
            return List.of(path);
        }
        Path absolute = base.resolve(pattern).normalize();
        Path root = globRoot(absolute);
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + absolute);
        int depth = pattern.contains("**") ? Integer.MAX_VALUE : absolute.getNameCount() - root.getNameCount();
        List<Path> matches;
        if (!Files.isDirectory(root)) {
            matches = List.of();
        } else {
            try (Stream<Path> walk = Files.walk(root, depth)) {
                matches = walk.filter(matcher::matches)
                        .filter(p -> Files.isRegularFile(p) && p.getFileName().toString().toLowerCase().endsWith(".jar"))
                        .sorted()
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (matches.isEmpty()) {
            throw new MagicException("No jar matches " + argument + " (looked under " + root + ")");
        }
        return matches;
    }

    private static boolean isGlob(String s) {
        return s.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    /** The longest leading part of {@code path} without glob characters: where the walk starts. */
    private static Path globRoot(Path path) {
        Path root = path.getRoot();
        for (Path part : path) {
            if (isGlob(part.toString())) {
                break;
            }
            root = root == null ? part : root.resolve(part);
        }
        return root;
    }
}
