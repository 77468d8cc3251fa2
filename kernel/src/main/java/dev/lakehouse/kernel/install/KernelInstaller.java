package dev.lakehouse.kernel.install;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes and removes the kernelspec folder ({@code <kernels>/<name>/kernel.json} plus logos) that
 * makes Jupyter offer "Java (Lakehouse)" and start {@code java -jar lakehouse-kernel.jar kernel}.
 */
public final class KernelInstaller {
    /** jupyter_client accepts only these characters in kernel names. */
    private static final Pattern KERNEL_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final List<String> LOGOS = List.of("logo-32x32.png", "logo-64x64.png");
    /** One argv element per line, so a person can read and diff kernel.json. */
    private static final ObjectWriter JSON = new ObjectMapper().writer(
            new DefaultPrettyPrinter().withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE));

    /** What the user may change about the kernel a spec starts. */
    public record SpecOptions(String displayName, List<String> jvmOptions, String sparkMaster, Map<String, String> env) {
        public SpecOptions {
            jvmOptions = jvmOptions == null ? List.of() : List.copyOf(jvmOptions);
            env = env == null ? Map.of() : Map.copyOf(env);
        }

        public static SpecOptions defaults() {
            return new SpecOptions(KernelSpec.DEFAULT_DISPLAY_NAME, List.of(), null, Map.of());
        }
    }

    /** Where a spec was written, whether an older one with the same name was replaced, and what training said. */
    public record Installation(Path directory, boolean replaced, StartupArchive.Result archive) {}

    private final Path kernelJar;
    private final Path javaExecutable;

    public KernelInstaller(Path kernelJar, Path javaExecutable) {
        this.kernelJar = kernelJar.toAbsolutePath().normalize();
        this.javaExecutable = javaExecutable.toAbsolutePath().normalize();
    }

    /** An installer for the jar this code runs from, started with the running JVM's java. */
    public static KernelInstaller forRunningKernel() {
        return new KernelInstaller(RunningKernelJar.locate(), runningJava());
    }

    public static Path runningJava() {
        boolean windows = System.getProperty("os.name", "").toLowerCase().startsWith("windows");
        return Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java");
    }

    public KernelSpec spec(SpecOptions options) {
        List<String> argv = new ArrayList<>();
        argv.add(javaExecutable.toString());
        argv.addAll(KernelJvmFlags.kernelDefaults());
        argv.addAll(options.jvmOptions());
        argv.addAll(List.of("-jar", kernelJar.toString(), "kernel", KernelSpec.CONNECTION_FILE));

        Map<String, String> env = new LinkedHashMap<>();
        // Spark otherwise resolves the host name and may pick a non-loopback interface.
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.putAll(options.env());
        if (options.sparkMaster() != null && !options.sparkMaster().isBlank()) {
            env.put(KernelSpec.SPARK_MASTER_ENV, options.sparkMaster().strip());
        }
        String displayName = options.displayName() == null || options.displayName().isBlank()
                ? KernelSpec.DEFAULT_DISPLAY_NAME : options.displayName();
        return new KernelSpec(argv, displayName, "java", "message", env, Map.of("debugger", false));
    }

    /** Writes {@code spec} as {@code kernelsDir/name}, replacing a spec of that name if there is one. */
    public Installation install(Path kernelsDir, String name, KernelSpec spec) {
        return install(kernelsDir, name, spec, null);
    }

    /**
     * Writes {@code spec} as {@code kernelsDir/name} with start-up archives trained by {@code trainer}
     * (kept in the spec's folder; the spec maps those training wrote). A null trainer trains none.
     */
    public Installation install(Path kernelsDir, String name, KernelSpec spec, StartupArchive.Runner trainer) {
        checkName(name);
        Path target = kernelsDir.resolve(name);
        Path staging = null;
        try {
            createDirectories(kernelsDir);
            staging = Files.createTempDirectory(kernelsDir, "." + name + "-");
            readableByAll(staging);
            StartupArchive.Result trained = new StartupArchive.Result(List.of(), null);
            if (trainer != null && !StartupArchive.userOwnsSharing(spec.argv())) {
                trained = StartupArchive.train(trainer, spec.argv(), spec.env(), staging);
                if (trained.written()) {
                    spec = new KernelSpec(StartupArchive.usingArchives(spec.argv(),
                            trained.archives().stream().map(target::resolve).toList()),
                            spec.displayName(), spec.language(), spec.interruptMode(), spec.env(), spec.metadata());
                }
            }
            Files.writeString(staging.resolve("kernel.json"), JSON.writeValueAsString(spec.toJson()) + "\n");
            copyLogos(staging);
            boolean replaced = Files.exists(target);
            if (replaced) {
                deleteRecursively(target);
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            staging = null;
            return new Installation(target, replaced, trained);
        } catch (AccessDeniedException e) {
            throw notWritable(kernelsDir, e);
        } catch (IOException e) {
            throw new KernelInstallException("Cannot write kernelspec " + target + ": " + describe(e), e);
        } finally {
            if (staging != null) {
                deleteQuietly(staging);
            }
        }
    }

    /** Removes {@code kernelsDir/name}; returns the removed folder. */
    public static Path uninstall(Path kernelsDir, String name) {
        checkName(name);
        Path target = kernelsDir.resolve(name);
        if (!Files.isRegularFile(target.resolve("kernel.json"))) {
            throw new KernelInstallException("No kernelspec named '" + name + "' in " + kernelsDir
                    + ". If you installed it with --sys-prefix or --prefix P, pass the same option to uninstall; "
                    + "`jupyter kernelspec list` shows where each kernelspec lives.");
        }
        try {
            deleteRecursively(target);
            return target;
        } catch (AccessDeniedException e) {
            throw notWritable(kernelsDir, e);
        } catch (IOException e) {
            throw new KernelInstallException("Cannot remove " + target + ": " + describe(e), e);
        }
    }

    private static void checkName(String name) {
        if (name == null || !KERNEL_NAME.matcher(name).matches()) {
            throw new KernelInstallException("Invalid kernel name '" + name
                    + "': use only letters, digits, '.', '_' and '-' (e.g. lakehouse-java).");
        }
    }

    private static void createDirectories(Path dir) throws IOException {
        try {
            Files.createDirectories(dir);
        } catch (FileSystemException e) {
            if (e instanceof AccessDeniedException) {
                throw e;
            }
            throw new KernelInstallException("Cannot create " + dir + ": " + describe(e)
                    + ". Check the --prefix path (a file may be in the way).", e);
        }
    }

    /** A temp folder is private to its owner; a kernelspec in a shared prefix must be readable by every user. */
    private static void readableByAll(Path dir) throws IOException {
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private static void copyLogos(Path dir) throws IOException {
        for (String logo : LOGOS) {
            try (InputStream in = KernelInstaller.class.getResourceAsStream("/kernelspec/" + logo)) {
                if (in != null) {
                    Files.copy(in, dir.resolve(logo));
                }
            }
        }
    }

    private static KernelInstallException notWritable(Path dir, IOException e) {
        return new KernelInstallException("Cannot write to " + dir + " (permission denied). Install with --user, "
                + "or with --prefix P for a folder you own, or run as a user who may write there.", e);
    }

    private static String describe(IOException e) {
        String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : null;
        return reason != null ? reason : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    static void deleteQuietly(Path root) {
        try {
            deleteRecursively(root);
        } catch (IOException ignored) {
            // best effort: a leftover hidden staging folder does not disturb Jupyter
        }
    }
}
