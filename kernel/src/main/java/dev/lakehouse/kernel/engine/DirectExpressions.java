package dev.lakehouse.kernel.engine;

import dev.lakehouse.kernel.engine.CellResult.CellError;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.spi.ExecutionControl;

/**
 * Evaluates an expression cell, or statements that declare nothing, without making it a JShell
 * snippet: the code is compiled once, as the body of a method in a class that imports everything
 * the notebook has declared (the way JShell's own wrappers see each other), then loaded and run
 * on the cell thread by the same execution engine as JShell's snippets. A cell such as
 * {@code 1 + 1}, {@code df.count()} or a {@code for} loop costs one javac task instead of JShell's
 * three to eight, and leaves no snippet behind.
 *
 * <p>Whenever the code does not compile here, the caller evaluates it through JShell, which
 * reports errors with the cell's own positions; so this path changes speed, never meaning. Only
 * declarations JShell holds as valid are imported: a name that is still unresolved in JShell
 * makes the compile fail and JShell answer.
 */
final class DirectExpressions {
    private static final String CLASS_PREFIX = "$Lakehouse$Expr";
    private static final String METHOD = "do_it$";
    private static final int COMPILED_CLASSES_KEPT = 64;

    /** The value of an expression, or the error it threw. */
    record Evaluated(Object value, CellError error) {}

    private final JShell shell;
    private final KernelExecutionControl control;
    private final ExpressionCompiler compiler;
    private final Function<Snippet, String> unresolvedNote;
    private final SnippetFrames frames;
    private volatile String imports;
    private final AtomicLong classCounter = new AtomicLong();
    /**
     * Classes compiled since the notebook last changed, by their method's source: a cell run again
     * (or the same expression in another cell) is not compiled again. Any JShell evaluation or
     * classpath change clears it, since the same source could then mean something else.
     */
    private final Map<String, String> compiledClasses = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > COMPILED_CLASSES_KEPT;
        }
    });

    DirectExpressions(JShell shell, KernelExecutionControl control, ExpressionCompiler compiler,
                      Function<Snippet, String> unresolvedNote) {
        this.shell = shell;
        this.control = control;
        this.compiler = compiler;
        this.unresolvedNote = unresolvedNote;
        this.frames = new SnippetFrames(shell);
    }

    /** JShell's snippets changed: the imports are rebuilt and javac re-reads the notebook's classes. */
    void notebookChanged() {
        imports = null;
        compiledClasses.clear();
        compiler.notebookChanged();
    }

    void classpathChanged() {
        compiledClasses.clear();
        compiler.classpathChanged();
    }

    /** The expression's value or error; empty when it does not compile here (then JShell must evaluate it). */
    Optional<Evaluated> evaluate(String expression) {
        return compileAndRun("public static Object " + METHOD + "() throws Throwable { return (" + expression + "\n); }");
    }

    /**
     * Runs statements that declare nothing the notebook keeps (a loop, an {@code if}, a call of a
     * {@code void} method); the value is {@link JavaEvaluator#NO_VALUE}. Empty when they do not compile here.
     */
    Optional<Evaluated> execute(String statements) {
        String body = statements.stripTrailing();
        // a statement after `while (true) {}` would be unreachable: add a `;` only where one is missing
        String terminated = body.endsWith(";") || body.endsWith("}") ? body + "\n" : body + "\n;";
        return compileAndRun("public static void " + METHOD + "() throws Throwable { " + terminated + " }")
                .map(e -> e.error() == null ? new Evaluated(JavaEvaluator.NO_VALUE, null) : e);
    }

    private Optional<Evaluated> compileAndRun(String method) {
        return compiledClass(method).map(this::run);
    }

    /** The loaded class whose {@code do_it$} is {@code method}: compiled once per notebook state. */
    private Optional<String> compiledClass(String method) {
        String cached = compiledClasses.get(method);
        if (cached != null) {
            return Optional.of(cached);
        }
        String simpleName = CLASS_PREFIX + classCounter.incrementAndGet();
        // One line of header: the cell's code starts on line 1, as in the cell, for stack traces.
        String source = importsOfNotebook() + "public class " + simpleName + " { " + method + " }";
        Optional<Map<String, byte[]>> compiled = compiler.compile(simpleName, source);
        if (compiled.isEmpty()) {
            return Optional.empty();
        }
        String className = ExpressionCompiler.PACKAGE + "." + simpleName;
        try {
            control.load(compiled.get().entrySet().stream()
                    .map(e -> new ExecutionControl.ClassBytecodes(e.getKey(), e.getValue()))
                    .toArray(ExecutionControl.ClassBytecodes[]::new));
        } catch (ExecutionControl.ExecutionControlException e) {
            return Optional.empty();
        }
        compiledClasses.put(method, className);
        return Optional.of(className);
    }

    private Evaluated run(String className) {
        control.takeLastValue();
        try {
            control.invoke(className, METHOD);
            return new Evaluated(control.takeLastValue(), null);
        } catch (ExecutionControl.UserException e) {
            return new Evaluated(null, ErrorFormatter.runtimeError(frames.translated(e, className)));
        } catch (ExecutionControl.ResolutionException e) {
            String note = shell.snippets().filter(s -> s.id().equals(Integer.toString(e.id()))).findFirst()
                    .map(unresolvedNote).orElse(String.valueOf(e.getMessage()));
            return new Evaluated(null, new CellError("UnresolvedReferenceException", note, List.of(note)));
        } catch (ExecutionControl.ExecutionControlException e) {
            String name = e instanceof ExecutionControl.StoppedException ? "InterruptedException" : e.getClass().getSimpleName();
            String message = String.valueOf(e.getMessage());
            return new Evaluated(null, new CellError(name, message, List.of(name + ": " + message)));
        }
    }

    /** {@code package REPL; import ...;} on one line: the notebook's imports, then each valid declaration by name. */
    private String importsOfNotebook() {
        String known = imports;
        if (known != null) {
            return known;
        }
        StringBuilder sb = new StringBuilder("package ").append(ExpressionCompiler.PACKAGE).append("; ");
        shell.imports().filter(this::valid).forEach(i ->
                sb.append("import ").append(i.isStatic() ? "static " : "").append(i.fullname()).append("; "));
        shell.variables().filter(this::valid).forEach(v -> importMember(sb, "import static ", v, v.name()));
        shell.methods().filter(this::valid).forEach(m -> importMember(sb, "import static ", m, m.name()));
        shell.types().filter(this::valid).forEach(t -> importMember(sb, "import ", t, t.name()));
        imports = sb.toString();
        return imports;
    }

    private boolean valid(Snippet s) {
        return shell.status(s) == Snippet.Status.VALID;
    }

    private static void importMember(StringBuilder sb, String keyword, Snippet snippet, String name) {
        JavaEvaluator.wrapperClassName(snippet).ifPresent(wrapper ->
                sb.append(keyword).append(wrapper).append('.').append(name).append("; "));
    }

    /**
     * Stack frames as JShell shows them: a frame of a snippet's class names the snippet ({@code #12})
     * and its line, a frame of the expression's own class is the cell's top.
     */
    static final class SnippetFrames {
        private final Object outerMap;
        private final Method getOuter;

        SnippetFrames(JShell shell) {
            Object map = null;
            Method lookup = null;
            try {
                Field f = JShell.class.getDeclaredField("outerMap");
                f.setAccessible(true);
                map = f.get(shell);
                lookup = map.getClass().getDeclaredMethod("getOuter", String.class);
                lookup.setAccessible(true);
            } catch (ReflectiveOperationException | RuntimeException e) {
                map = null;
            }
            this.outerMap = map;
            this.getOuter = lookup;
        }

        Throwable translated(ExecutionControl.UserException e, String expressionClass) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                List<StackTraceElement> out = new ArrayList<>();
                for (StackTraceElement f : t.getStackTrace()) {
                    out.add(translate(f, expressionClass));
                }
                t.setStackTrace(out.toArray(StackTraceElement[]::new));
            }
            return e;
        }

        private StackTraceElement translate(StackTraceElement f, String expressionClass) {
            String cls = f.getClassName();
            if (cls.equals(expressionClass) || cls.startsWith(expressionClass + "$")) {
                return new StackTraceElement("", shownMethod(f), "#cell", f.getLineNumber());
            }
            if (outerMap == null || !cls.startsWith(ExpressionCompiler.PACKAGE + ".")) {
                return f;
            }
            try {
                Object outer = getOuter.invoke(outerMap, cls);
                if (outer == null) {
                    return f;
                }
                int wrapLine = f.getLineNumber() - 1;
                Method toLine = accessible(outer.getClass(), "wrapLineToSnippetLine");
                Method toSnippet = accessible(outer.getClass(), "wrapLineToSnippet");
                Snippet snippet = (Snippet) toSnippet.invoke(outer, wrapLine);
                int line = (int) toLine.invoke(outer, wrapLine) + 1;
                return new StackTraceElement("", shownMethod(f), "#" + snippet.id(), line);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return f;
            }
        }

        /** JShell names a cell's top level by an empty method name. */
        private static String shownMethod(StackTraceElement f) {
            return f.getMethodName().equals(METHOD) ? "" : f.getMethodName();
        }

        private static Method accessible(Class<?> type, String name) throws NoSuchMethodException {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                try {
                    Method m = c.getDeclaredMethod(name, int.class);
                    m.setAccessible(true);
                    return m;
                } catch (NoSuchMethodException e) {
                    // look in the superclass
                }
            }
            throw new NoSuchMethodException(name);
        }
    }
}
