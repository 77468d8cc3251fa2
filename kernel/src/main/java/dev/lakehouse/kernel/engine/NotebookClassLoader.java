package dev.lakehouse.kernel.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds the classes JShell compiles from cells, plus jars added with %maven / %classpath. It
 * keeps every class's bytes, so they can also be served as resources (Spark's closure cleaner
 * reads class files) and, later, to remote executors.
 */
public final class NotebookClassLoader extends URLClassLoader {
    static {
        ClassLoader.registerAsParallelCapable();
    }

    private final Map<String, byte[]> classBytes = new ConcurrentHashMap<>();
    private final Map<String, Class<?>> defined = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());

    public NotebookClassLoader(ClassLoader parent) {
        super("notebook", new URL[0], parent);
    }

    private volatile ExecutorClassExport export;

    void declare(String className, byte[] bytes) {
        classBytes.put(className, bytes);
        ExecutorClassExport e = export;
        if (e != null) {
            try {
                e.exportAsCompiled(className, bytes);
            } catch (java.io.IOException ex) {
                System.err.println("[lakehouse] could not export " + className + " for executors: " + ex);
            }
        }
    }

    /** From now on, every class compiled from a cell is also written for remote executors. */
    void exportTo(ExecutorClassExport export) {
        this.export = export;
    }

    public void addPath(Path path) {
        try {
            addURL(path.toUri().toURL());
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(path.toString(), e);
        }
    }

    /** Classes defined from cells, oldest first. */
    public List<Class<?>> definedClasses() {
        synchronized (defined) {
            return List.copyOf(defined.values());
        }
    }

    public byte[] bytesOf(String className) {
        return classBytes.get(className);
    }

    public List<String> cellClassNames() {
        return List.copyOf(classBytes.keySet());
    }

    /**
     * A class compiled from a cell is defined here without asking the parent first: it cannot be
     * there, and the kernel's own loader would search each of its ~230 jars for it in vain.
     */
    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!classBytes.containsKey(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = findClass(name);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classBytes.get(name);
        if (bytes != null) {
            Class<?> c = defineClass(name, bytes, 0, bytes.length);
            defined.put(name, c);
            return c;
        }
        return super.findClass(name);
    }

    @Override
    public URL findResource(String name) {
        if (name.endsWith(".class")) {
            String className = name.substring(0, name.length() - 6).replace('/', '.');
            byte[] bytes = classBytes.get(className);
            if (bytes != null) {
                try {
                    return new URL(null, "notebook-class:" + name, new BytesHandler(bytes));
                } catch (MalformedURLException e) {
                    return null;
                }
            }
        }
        return super.findResource(name);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        if (name.endsWith(".class")) {
            byte[] bytes = classBytes.get(name.substring(0, name.length() - 6).replace('/', '.'));
            if (bytes != null) {
                return new ByteArrayInputStream(bytes);
            }
        }
        return super.getResourceAsStream(name);
    }

    private static final class BytesHandler extends URLStreamHandler {
        private final byte[] bytes;

        BytesHandler(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        protected URLConnection openConnection(URL u) {
            return new URLConnection(u) {
                @Override
                public void connect() {}

                @Override
                public InputStream getInputStream() throws IOException {
                    return new ByteArrayInputStream(bytes);
                }
            };
        }
    }
}
