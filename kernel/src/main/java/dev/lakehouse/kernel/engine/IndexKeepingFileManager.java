package dev.lakehouse.kernel.engine;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Iterator;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import javax.tools.FileObject;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;

/**
 * The file manager JShell's javac reads the classpath through, made cheap to use once per cell.
 *
 * <p>javac indexes every directory of every classpath jar the first time it looks up a package, and
 * drops that index whenever a file-manager option is handled. Each javac task starts by handling
 * {@code --multi-release} (always with the same value), and JShell runs two or three tasks per cell:
 * with Spark's ~200 jars on the classpath the index was rebuilt each time, ~40 ms of every cell.
 * Here an option that does not change anything is not passed on; a real change (JShell adding to
 * the classpath) still is, and still drops the index.
 *
 * <p>javac also asks for a class loader over the classpath to look for compiler plugins, once per
 * task; scanning every jar's {@code META-INF/services} for plugins nobody uses in a notebook cost
 * another ~5%. Cells compile with {@code -proc:none}, so that loader finds plugins and annotation
 * processors of the platform only.
 */
final class IndexKeepingFileManager implements StandardJavaFileManager {
    private static final String MULTI_RELEASE = "--multi-release";

    private final StandardJavaFileManager javac;
    private String multiRelease;

    IndexKeepingFileManager(StandardJavaFileManager javac) {
        this.javac = Objects.requireNonNull(javac);
    }

    @Override
    public synchronized boolean handleOption(String current, Iterator<String> remaining) {
        if (MULTI_RELEASE.equals(current) && remaining.hasNext()) {
            String value = remaining.next();
            if (value.equals(multiRelease)) {
                return true;
            }
            multiRelease = value;
            return javac.handleOption(current, java.util.List.of(value).iterator());
        }
        return javac.handleOption(current, remaining);
    }

    @Override
    public ClassLoader getClassLoader(Location location) {
        if (location == StandardLocation.CLASS_PATH || location == StandardLocation.ANNOTATION_PROCESSOR_PATH) {
            return ClassLoader.getPlatformClassLoader();
        }
        return javac.getClassLoader(location);
    }

    @Override
    public int isSupportedOption(String option) {
        return javac.isSupportedOption(option);
    }

    @Override
    public Iterable<JavaFileObject> list(Location location, String packageName, Set<JavaFileObject.Kind> kinds,
                                         boolean recurse) throws IOException {
        return javac.list(location, packageName, kinds, recurse);
    }

    @Override
    public String inferBinaryName(Location location, JavaFileObject file) {
        return javac.inferBinaryName(location, file);
    }

    @Override
    public boolean isSameFile(FileObject a, FileObject b) {
        return javac.isSameFile(a, b);
    }

    @Override
    public boolean hasLocation(Location location) {
        return javac.hasLocation(location);
    }

    @Override
    public JavaFileObject getJavaFileForInput(Location location, String className, JavaFileObject.Kind kind)
            throws IOException {
        return javac.getJavaFileForInput(location, className, kind);
    }

    @Override
    public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                               FileObject sibling) throws IOException {
        return javac.getJavaFileForOutput(location, className, kind, sibling);
    }

    @Override
    public FileObject getFileForInput(Location location, String packageName, String relativeName) throws IOException {
        return javac.getFileForInput(location, packageName, relativeName);
    }

    @Override
    public FileObject getFileForOutput(Location location, String packageName, String relativeName, FileObject sibling)
            throws IOException {
        return javac.getFileForOutput(location, packageName, relativeName, sibling);
    }

    @Override
    public void flush() throws IOException {
        javac.flush();
    }

    @Override
    public void close() throws IOException {
        javac.close();
    }

    @Override
    public Location getLocationForModule(Location location, String moduleName) throws IOException {
        return javac.getLocationForModule(location, moduleName);
    }

    @Override
    public Location getLocationForModule(Location location, JavaFileObject fo) throws IOException {
        return javac.getLocationForModule(location, fo);
    }

    @Override
    public <S> ServiceLoader<S> getServiceLoader(Location location, Class<S> service) throws IOException {
        return javac.getServiceLoader(location, service);
    }

    @Override
    public String inferModuleName(Location location) throws IOException {
        return javac.inferModuleName(location);
    }

    @Override
    public Iterable<Set<Location>> listLocationsForModules(Location location) throws IOException {
        return javac.listLocationsForModules(location);
    }

    @Override
    public boolean contains(Location location, FileObject fo) throws IOException {
        return javac.contains(location, fo);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromFiles(Iterable<? extends File> files) {
        return javac.getJavaFileObjectsFromFiles(files);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromPaths(Collection<? extends Path> paths) {
        return javac.getJavaFileObjectsFromPaths(paths);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjects(File... files) {
        return javac.getJavaFileObjects(files);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjects(Path... paths) {
        return javac.getJavaFileObjects(paths);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromStrings(Iterable<String> names) {
        return javac.getJavaFileObjectsFromStrings(names);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjects(String... names) {
        return javac.getJavaFileObjects(names);
    }

    @Override
    public void setLocation(Location location, Iterable<? extends File> files) throws IOException {
        javac.setLocation(location, files);
    }

    @Override
    public void setLocationFromPaths(Location location, Collection<? extends Path> paths) throws IOException {
        javac.setLocationFromPaths(location, paths);
    }

    @Override
    public void setLocationForModule(Location location, String moduleName, Collection<? extends Path> paths)
            throws IOException {
        javac.setLocationForModule(location, moduleName, paths);
    }

    @Override
    public Iterable<? extends File> getLocation(Location location) {
        return javac.getLocation(location);
    }

    @Override
    public Iterable<? extends Path> getLocationAsPaths(Location location) {
        return javac.getLocationAsPaths(location);
    }

    @Override
    public Path asPath(FileObject file) {
        return javac.asPath(file);
    }

    @Override
    public void setPathFactory(PathFactory factory) {
        javac.setPathFactory(factory);
    }
}
