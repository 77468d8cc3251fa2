package dev.lakehouse.kernel.install;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** Finds the kernel jar this code runs from, which the kernelspec must point at. */
public final class RunningKernelJar {
    private static final String BUILD_HINT = "Build it with `mvn -B package -DskipTests` in the repository root, "
            + "then run `java -jar kernel/target/lakehouse-kernel.jar install`.";

    private RunningKernelJar() {}

    public static Path locate() {
        return locate(RunningKernelJar.class);
    }

    /** The jar {@code anchor} was loaded from, after checking that its lib/ folder is complete. */
    public static Path locate(Class<?> anchor) {
        CodeSource source = anchor.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new KernelInstallException("Cannot tell which jar the kernel runs from. " + BUILD_HINT);
        }
        Path location;
        try {
            location = Path.of(source.getLocation().toURI()).toAbsolutePath().normalize();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new KernelInstallException("The kernel runs from " + source.getLocation()
                    + ", which is not a local jar file. " + BUILD_HINT, e);
        }
        if (Files.isDirectory(location)) {
            throw new KernelInstallException("The kernel runs from the class folder " + location
                    + ", not from a jar, so there is nothing a kernelspec could start. " + BUILD_HINT);
        }
        return verify(location);
    }

    /** Checks that {@code jar} exists and every manifest Class-Path entry (lib/*.jar) is there. */
    public static Path verify(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new KernelInstallException("Kernel jar " + jar + " does not exist. " + BUILD_HINT);
        }
        try (JarFile jarFile = new JarFile(jar.toFile())) {
            Manifest manifest = jarFile.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (classPath == null || classPath.isBlank()) {
                return jar;
            }
            URI base = jar.toUri();
            for (String entry : classPath.strip().split("\\s+")) {
                Path dependency = Path.of(base.resolve(entry));
                if (!Files.exists(dependency)) {
                    throw new KernelInstallException("Kernel jar " + jar + " needs " + dependency
                            + ", which is missing. " + BUILD_HINT);
                }
            }
            return jar;
        } catch (IOException e) {
            throw new KernelInstallException("Cannot read kernel jar " + jar + ": " + e.getMessage() + ". " + BUILD_HINT, e);
        }
    }
}
