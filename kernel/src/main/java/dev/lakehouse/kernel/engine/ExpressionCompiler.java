package dev.lakehouse.kernel.engine;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import jdk.jshell.JShell;

/**
 * Compiles one small source file in package {@code REPL} with a single javac task, against the
 * same classpath and the same notebook classes JShell compiles against. JShell spends three to
 * eight javac tasks on one expression (parse, analyses, compile, each followed by a sweep of every
 * class javac knows); this is the cost of one.
 *
 * <p>javac is reused across compilations through its task pool ({@code JavacTaskPool}, the JDK's own
 * mechanism for JShell), so the platform classes are read once. Two things make a reused javac
 * stale, and both are handled: JShell compiling new notebook classes (the {@code REPL} classes javac
 * has read are forgotten before the next compilation, as JShell does after each of its tasks), and
 * a classpath change (a new pool). The pool is a JDK-internal class: without
 * {@code --add-opens jdk.compiler/com.sun.tools.javac.{api,code,util}} (the kernelspec has them)
 * {@link #create} returns empty and cells take JShell's path.
 */
final class ExpressionCompiler {
    static final String PACKAGE = "REPL";
    /** {@code LAKEHOUSE_DIRECT_EXPRESSIONS=false} sends every cell through JShell (a way out should this path misbehave). */
    static final String SWITCH = "LAKEHOUSE_DIRECT_EXPRESSIONS";
    private static final List<String> OPTIONS = List.of("-proc:none", "-Xlint:none", "-g:source,lines");
    private static final Javac JAVAC = Javac.load();

    /** One for good: a reused javac keeps the file manager it was first given. */
    private final CapturingFileManager files;
    private Object pool;
    private boolean notebookClassesChanged;
    /** javac contexts that have compiled for us before (javac's Context has identity equality). */
    private final Set<Object> contextsInUse = Collections.newSetFromMap(new WeakHashMap<>());

    private ExpressionCompiler(JavaFileManager notebookFiles) {
        this.files = new CapturingFileManager(notebookFiles);
        this.pool = JAVAC.newPool();
    }

    /** A compiler for {@code shell}'s notebook, or empty when the JDK's internals are closed to the kernel. */
    static Optional<ExpressionCompiler> create(JShell shell) {
        if (JAVAC == null || "false".equalsIgnoreCase(System.getenv(SWITCH))) {
            return Optional.empty();
        }
        try {
            Field taskFactory = JShell.class.getDeclaredField("taskFactory");
            taskFactory.setAccessible(true);
            Object factory = taskFactory.get(shell);
            Method fileManager = factory.getClass().getDeclaredMethod("fileManager");
            fileManager.setAccessible(true);
            return Optional.of(new ExpressionCompiler((JavaFileManager) fileManager.invoke(factory)));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** JShell compiled or dropped something: javac must read the notebook's classes afresh. */
    synchronized void notebookChanged() {
        notebookClassesChanged = true;
    }

    /** JShell's classpath grew: a javac that already listed the old classpath would not see the new jars. */
    synchronized void classpathChanged() {
        startNewPool();
    }

    private void startNewPool() {
        pool = JAVAC.newPool();
        contextsInUse.clear();
        notebookClassesChanged = false;
    }

    /**
     * The class files of {@code source} (the top-level class {@code REPL.<simpleName>}) by binary
     * name, or empty when it does not compile (the caller then takes JShell's path, which reports
     * the error properly).
     */
    synchronized Optional<Map<String, byte[]>> compile(String simpleName, String source) {
        Map<String, byte[]> classes = files.captureInto(new LinkedHashMap<>());
        JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///" + PACKAGE + "/" + simpleName + ".java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Boolean ok;
        try {
            ok = JAVAC.compile(pool, files, diagnostics, unit, context -> {
                if (!contextsInUse.add(context) && notebookClassesChanged) {
                    JAVAC.forgetNotebookClasses(context);
                }
                notebookClassesChanged = false;
            });
        } catch (RuntimeException e) {
            startNewPool(); // a javac that failed midway is not reused
            return Optional.empty();
        }
        return Boolean.TRUE.equals(ok) && !classes.isEmpty() ? Optional.of(classes) : Optional.empty();
    }

    /** Sends javac's class files to memory instead of JShell's file manager (whose listeners would take them as JShell's). */
    private static final class CapturingFileManager extends ForwardingJavaFileManager<JavaFileManager> {
        private Map<String, byte[]> classes = new LinkedHashMap<>();

        CapturingFileManager(JavaFileManager notebookFiles) {
            super(notebookFiles);
        }

        /** Class files written from now on go to {@code into}. */
        Map<String, byte[]> captureInto(Map<String, byte[]> into) {
            classes = into;
            return into;
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                   FileObject sibling) {
            Map<String, byte[]> classes = this.classes;
            return new SimpleJavaFileObject(URI.create("bytes:///" + className.replace('.', '/') + kind.extension), kind) {
                @Override
                public OutputStream openOutputStream() {
                    return new ByteArrayOutputStream() {
                        @Override
                        public void close() {
                            classes.put(className, toByteArray());
                        }
                    };
                }
            };
        }

        @Override
        public void close() {
            // JShell owns the file manager underneath
        }
    }

    /** The JDK-internal javac API this class needs, reached reflectively; null when closed. */
    private record Javac(Class<?> poolClass, Method getTask, Class<?> worker, Method getContext, Method symtabInstance,
                         Method getAllClasses, Method packge, Method flatName, Method removeClass, Method getPackage,
                         Method namesInstance, Method fromString, Field javaBase, Field noModule, Field unnamedModule,
                         Field membersField, Field completer, Method classFinderInstance, Method getCompleter) {

        static Javac load() {
            try {
                Class<?> pool = Class.forName("com.sun.tools.javac.api.JavacTaskPool");
                Class<?> worker = Class.forName("com.sun.tools.javac.api.JavacTaskPool$Worker");
                Class<?> context = Class.forName("com.sun.tools.javac.util.Context");
                Class<?> symtab = Class.forName("com.sun.tools.javac.code.Symtab");
                Class<?> symbol = Class.forName("com.sun.tools.javac.code.Symbol");
                Class<?> moduleSymbol = Class.forName("com.sun.tools.javac.code.Symbol$ModuleSymbol");
                Class<?> packageSymbol = Class.forName("com.sun.tools.javac.code.Symbol$PackageSymbol");
                Class<?> name = Class.forName("com.sun.tools.javac.util.Name");
                Class<?> names = Class.forName("com.sun.tools.javac.util.Names");
                Class<?> classFinder = Class.forName("com.sun.tools.javac.code.ClassFinder");
                Javac javac = new Javac(pool,
                        pool.getMethod("getTask", Writer.class, JavaFileManager.class, javax.tools.DiagnosticListener.class,
                                Iterable.class, Iterable.class, Iterable.class, worker),
                        worker,
                        Class.forName("com.sun.tools.javac.api.BasicJavacTask").getMethod("getContext"),
                        symtab.getMethod("instance", context), symtab.getMethod("getAllClasses"),
                        symbol.getMethod("packge"), symbol.getMethod("flatName"),
                        symtab.getMethod("removeClass", moduleSymbol, name),
                        symtab.getMethod("getPackage", moduleSymbol, name),
                        names.getMethod("instance", context), names.getMethod("fromString", String.class),
                        symtab.getField("java_base"), symtab.getField("noModule"), symtab.getField("unnamedModule"),
                        packageSymbol.getField("members_field"), symbol.getField("completer"),
                        classFinder.getMethod("instance", context), classFinder.getMethod("getCompleter"));
                javac.newPool(); // fails here, not on a cell, when the packages are not open to us
                return javac;
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return null;
            }
        }

        Object newPool() {
            try {
                return poolClass.getConstructor(int.class).newInstance(1);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        interface BeforeCompile {
            void accept(Object context) throws ReflectiveOperationException;
        }

        Boolean compile(Object pool, JavaFileManager files, DiagnosticCollector<JavaFileObject> diagnostics,
                        JavaFileObject unit, BeforeCompile beforeCompile) {
            Object onTask = Proxy.newProxyInstance(ExpressionCompiler.class.getClassLoader(), new Class<?>[] {worker},
                    (proxy, method, args) -> {
                        if (!method.getName().equals("withTask")) {
                            return method.getDeclaringClass() == Object.class ? objectMethod(proxy, method, args) : null;
                        }
                        beforeCompile.accept(getContext.invoke(args[0]));
                        return ((javax.tools.JavaCompiler.CompilationTask) args[0]).call();
                    });
            try {
                return (Boolean) getTask.invoke(pool, null, files, diagnostics, OPTIONS, null, List.of(unit), onTask);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        private static Object objectMethod(Object proxy, Method method, Object[] args) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "ExpressionCompiler.Worker";
            };
        }

        /** What JShell does after each of its javac tasks: notebook classes javac has read are dropped, and their package re-listed. */
        void forgetNotebookClasses(Object context) throws ReflectiveOperationException {
            Object syms = symtabInstance.invoke(null, context);
            Object module = javaBase.get(syms) == noModule.get(syms) ? noModule.get(syms) : unnamedModule.get(syms);
            Object repl = getPackage.invoke(syms, module, fromString.invoke(namesInstance.invoke(null, context), PACKAGE));
            if (repl == null) {
                return;
            }
            List<Object> stale = new ArrayList<>();
            for (Object c : (Iterable<?>) getAllClasses.invoke(syms)) {
                if (packge.invoke(c) == repl) {
                    stale.add(flatName.invoke(c));
                }
            }
            for (Object flat : stale) {
                removeClass.invoke(syms, module, flat);
            }
            membersField.set(repl, null);
            completer.set(repl, getCompleter.invoke(classFinderInstance.invoke(null, context)));
        }
    }
}
