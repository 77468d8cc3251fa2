package dev.lakehouse.kernel.engine;

import java.nio.file.Path;
import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;

/** Connects JShell's compiled snippet classes to the {@link NotebookClassLoader}. */
final class NotebookLoaderDelegate implements LoaderDelegate {
    private final NotebookClassLoader loader;
    private final java.util.Set<String> runtimeClasspath;

    /** @param runtimeClasspath entries the kernel's own loader already serves: never loaded twice */
    NotebookLoaderDelegate(NotebookClassLoader loader, java.util.Set<String> runtimeClasspath) {
        this.loader = loader;
        this.runtimeClasspath = runtimeClasspath;
    }

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException {
        boolean[] installed = new boolean[cbcs.length];
        for (ClassBytecodes cbc : cbcs) {
            loader.declare(cbc.name(), cbc.bytecodes());
        }
        int i = 0;
        try {
            for (ClassBytecodes cbc : cbcs) {
                Class<?> c = loader.loadClass(cbc.name());
                c.getDeclaredMethods(); // link now so errors surface at definition time
                installed[i++] = true;
            }
        } catch (Throwable t) {
            throw new ClassInstallException("Cannot load class: " + t, installed);
        }
    }

    @Override
    public void classesRedefined(ClassBytecodes[] cbcs) {
        for (ClassBytecodes cbc : cbcs) {
            loader.declare(cbc.name(), cbc.bytecodes());
        }
    }

    @Override
    public void addToClasspath(String path) {
        for (String entry : path.split(java.io.File.pathSeparator)) {
            // A second copy of a class the kernel already loaded would not be the same class.
            if (!entry.isBlank() && !runtimeClasspath.contains(Path.of(entry).toAbsolutePath().toString())) {
                loader.addPath(Path.of(entry));
            }
        }
    }

    @Override
    public Class<?> findClass(String name) throws ClassNotFoundException {
        return loader.loadClass(name);
    }
}
