package dev.lakehouse.kernel.engine;

import dev.lakehouse.kernel.engine.CellResult.CellError;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

/**
 * Evaluates Java source with JShell, snippet by snippet, and keeps JShell lean over a long day:
 * temporaries ({@code $1}, {@code $2}...) are dropped after their value is taken, and the static
 * fields of overwritten or dropped variables are cleared so their old values can be collected.
 * Without that, every eval gets slower and memory grows with each re-run cell.
 */
public final class JavaEvaluator implements AutoCloseable {
    /** Marker for "the code produced no value" (distinct from a null value). */
    public static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "<no value>";
        }
    };
    /**
     * JShell knows each snippet's wrapper class but keeps the accessor package-private; the kernelspec
     * opens jdk.jshell for it. Without that we never clear fields (safe, only less memory-thrifty).
     */
    private static final java.lang.reflect.Method CLASS_FULL_NAME = classFullNameAccessor();

    private static java.lang.reflect.Method classFullNameAccessor() {
        try {
            java.lang.reflect.Method m = Snippet.class.getDeclaredMethod("classFullName");
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    static Optional<String> wrapperClassName(Snippet snippet) {
        if (CLASS_FULL_NAME == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable((String) CLASS_FULL_NAME.invoke(snippet));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    private final KernelExecutionControl control;
    private final NotebookClassLoader loader;
    private volatile ExecutorClassExport executorExport;
    private final String deferredClasspath;
    private final List<String> deferredImports;
    private volatile boolean deferredLoaded;
    private final ValueDeclaration valueDeclaration = new ValueDeclaration();
    /** Expression cells in one javac task; null when the JDK's compiler internals are closed to the kernel. */
    private final DirectExpressions direct;

    public JavaEvaluator(String compileClasspath, NotebookClassLoader loader, CellThreads threads) {
        this(new RuntimeClasspath.Split(compileClasspath, ""), List.of(), loader, threads);
    }

    /**
     * @param classpath       javac gets {@code eager} at once and {@code deferred} (with the
     *                        {@code deferredImports}) the first time a cell needs it: when
     *                        {@link #loadDeferredClasspath()} is called or a cell fails to resolve a name
     */
    public JavaEvaluator(RuntimeClasspath.Split classpath, List<String> deferredImports, NotebookClassLoader loader,
                         CellThreads threads) {
        this.loader = loader;
        this.deferredClasspath = classpath.deferred();
        this.deferredImports = List.copyOf(deferredImports);
        this.deferredLoaded = classpath.deferred().isBlank();
        this.control = new KernelExecutionControl(new NotebookLoaderDelegate(loader, classpath.runtimeEntries()), threads);
        this.shell = buildWithCompileClasspath(classpath.eager(), JShell.builder()
                .executionEngine(new KernelExecutionControl.Provider(control), java.util.Map.of())
                .fileManager(IndexKeepingFileManager::new)
                .compilerOptions("-proc:none", "-Xlint:none"));
        this.analysis = shell.sourceCodeAnalysis();
        this.direct = ExpressionCompiler.create(shell)
                .map(compiler -> new DirectExpressions(shell, control, compiler, this::unresolvedNote)).orElse(null);
        if (deferredLoaded) {
            deferredImports.forEach(this::eval);
        }
    }

    /**
     * JShell's compiler starts from {@code java.class.path} and only that starting classpath can be
     * extended later with {@link JShell#addToClasspath} (a {@code --class-path} compiler option would
     * override every later addition, breaking %maven and %classpath). So the property is set to
     * the classpath javac should start with while JShell is built and compiles its first snippet
     * (JShell reads it then, not in {@code build()}), and restored at once.
     */
    private static JShell buildWithCompileClasspath(String classpath, JShell.Builder builder) {
        synchronized (System.getProperties()) {
            String runtime = System.getProperty("java.class.path");
            System.setProperty("java.class.path", classpath);
            try {
                JShell shell = builder.build();
                shell.eval("import java.util.*;");
                return shell;
            } finally {
                System.setProperty("java.class.path", runtime);
            }
        }
    }

    /** Whether javac has the deferred part of the classpath yet. */
    public boolean deferredClasspathLoaded() {
        return deferredLoaded;
    }

    /** Gives javac the deferred part of the classpath (Spark, Delta...) and its imports; idempotent. */
    public synchronized void loadDeferredClasspath() {
        if (deferredLoaded) {
            return;
        }
        deferredLoaded = true;
        addToClasspath(deferredClasspath);
        for (String importSource : deferredImports) {
            eval(importSource);
        }
    }

    /** A name javac could not resolve may live in the deferred classpath: load it and compile again. */
    private boolean retriedWithDeferredClasspath(List<SnippetEvent> events) {
        if (deferredLoaded) {
            return false;
        }
        boolean unresolved = events.stream().filter(e -> e.causeSnippet() == null).anyMatch(e ->
                e.status() == Snippet.Status.RECOVERABLE_DEFINED || e.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED
                        || (e.status() == Snippet.Status.REJECTED && shell.diagnostics(e.snippet()).anyMatch(JavaEvaluator::isUnresolvedName)));
        if (unresolved) {
            loadDeferredClasspath();
        }
        return unresolved;
    }

    private static boolean isUnresolvedName(Diag d) {
        String code = d.getCode();
        return code.startsWith("compiler.err.cant.resolve") || code.equals("compiler.err.doesnt.exist")
                || code.equals("compiler.err.cant.access");
    }

    /** The result of evaluating some code: a value, {@link #NO_VALUE}, or an error. */
    public record Outcome(Object value, CellError error, List<String> notes) {
        public boolean failed() {
            return error != null;
        }
    }

    public Outcome eval(String code) {
        Object lastValue = NO_VALUE;
        List<String> notes = new ArrayList<>();
        String remaining = code;
        int consumed = 0;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            Completeness completeness = info.completeness();
            if (completeness == Completeness.EMPTY) {
                break;
            }
            if (completeness == Completeness.DEFINITELY_INCOMPLETE || completeness == Completeness.CONSIDERED_INCOMPLETE) {
                return new Outcome(null, ErrorFormatter.incomplete(code, consumed + leadingBlank(remaining)), notes);
            }
            String source = completeness == Completeness.UNKNOWN ? remaining : info.source();
            String rest = completeness == Completeness.UNKNOWN ? "" : info.remaining();
            int sourceOffset = consumed + leadingBlank(remaining);
            consumed += remaining.length() - rest.length();
            remaining = rest;

            control.takeLastValue();
            List<Class<?>> classesBefore = loader.definedClasses();
            Optional<DirectExpressions.Evaluated> direct = evalDirectly(source);
            if (direct.isPresent()) {
                exportNewClasses(classesBefore);
                if (direct.get().error() != null) {
                    return new Outcome(null, direct.get().error(), notes);
                }
                lastValue = direct.get().value();
                continue;
            }
            ValueAttempt attempt = direct == null ? evalAsValueDeclaration(source) : null;
            if (attempt != null) {
                exportNewClasses(classesBefore);
                if (attempt.exception() != null) {
                    return new Outcome(null, exceptionError(attempt.exception()), notes);
                }
                lastValue = attempt.value();
                continue;
            }
            List<SnippetEvent> events = jshellEval(source);
            if (retriedWithDeferredClasspath(events)) {
                events = jshellEval(source);
            }
            Object value = control.takeLastValue();
            exportNewClasses(classesBefore);
            boolean producedValue = false;
            for (SnippetEvent event : events) {
                if (event.causeSnippet() != null) {
                    releaseIfReplaced(event, classesBefore);
                    continue;
                }
                Snippet snippet = event.snippet();
                if (event.status() == Snippet.Status.REJECTED) {
                    return new Outcome(null, ErrorFormatter.compileError(code, sourceOffset, snippet,
                            shell.diagnostics(snippet).toList()), notes);
                }
                JShellException exception = event.exception();
                if (exception != null) {
                    releaseTemporaries(snippet);
                    return new Outcome(null, exceptionError(exception), notes);
                }
                if (event.status() == Snippet.Status.RECOVERABLE_DEFINED
                        || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                    notes.add(unresolvedNote(snippet));
                }
                releaseIfReplaced(event, classesBefore);
                if (isValueSnippet(snippet)) {
                    producedValue = true;
                    releaseTemporaries(snippet);
                } else if (event.status() == Snippet.Status.VALID && !(snippet instanceof DeclarationSnippet)) {
                    valueDeclaration.rememberVoid(source);
                }
            }
            lastValue = producedValue ? value : NO_VALUE;
        }
        return new Outcome(lastValue, null, notes);
    }

    private record ValueAttempt(Object value, JShellException exception) {}

    /** An expression or statement run without JShell (see {@link DirectExpressions}); empty when it must go through JShell. */
    private Optional<DirectExpressions.Evaluated> evalDirectly(String source) {
        if (direct == null) {
            return Optional.empty();
        }
        Optional<String> expression = valueDeclaration.expression(source);
        if (expression.isPresent()) {
            return direct.evaluate(expression.get());
        }
        return valueDeclaration.statement(source).flatMap(direct::execute);
    }

    /** Every change to JShell's snippets goes through here or {@link #dropAndRelease}, so the direct path stays in step. */
    private List<SnippetEvent> jshellEval(String source) {
        try {
            return shell.eval(source);
        } finally {
            if (direct != null) {
                direct.notebookChanged();
            }
        }
    }

    /**
     * Evaluates an expression as a declaration with an explicit type (see {@link ValueDeclaration});
     * null when that does not apply or does not compile, and nothing of the attempt is left behind.
     * Only without the direct path: an expression that did not compile there would fail here too
     * (JShell sees the same declarations), so JShell evaluates it as it is.
     */
    private ValueAttempt evalAsValueDeclaration(String source) {
        Optional<String> declaration = valueDeclaration.rewrite(source);
        if (declaration.isEmpty()) {
            return null;
        }
        List<SnippetEvent> events = jshellEval(declaration.get());
        Object value = control.takeLastValue();
        SnippetEvent declared = events.stream().filter(e -> e.causeSnippet() == null).findFirst().orElse(null);
        if (declared == null) {
            return null;
        }
        Snippet snippet = declared.snippet();
        boolean valid = declared.status() == Snippet.Status.VALID;
        dropAndRelease(snippet);
        return valid ? new ValueAttempt(value, declared.exception()) : null;
    }

    /** From now on, cell classes are also written for remote executors (see ExecutorClassExport). */
    public void exportClassesTo(ExecutorClassExport export) {
        this.executorExport = export;
        loader.exportTo(export);
        exportNewClasses(List.of());
    }

    private void exportNewClasses(List<Class<?>> before) {
        ExecutorClassExport export = executorExport;
        if (export == null) {
            return;
        }
        java.util.Set<Class<?>> old = new java.util.HashSet<>(before);
        for (Class<?> c : loader.definedClasses()) {
            if (old.contains(c)) {
                continue;
            }
            try {
                List<String> skipped = export.export(c, loader.bytesOf(c.getName()));
                for (String s : skipped) {
                    System.err.println("[lakehouse] executors will not see the value of " + s);
                }
            } catch (java.io.IOException | RuntimeException e) {
                System.err.println("[lakehouse] could not export " + c.getName() + " for executors: " + e);
            }
        }
    }

    private static int leadingBlank(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        return i;
    }

    private static boolean isValueSnippet(Snippet snippet) {
        return snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND
                || snippet.subKind() == Snippet.SubKind.VAR_VALUE_SUBKIND;
    }

    private CellError exceptionError(JShellException exception) {
        if (exception instanceof UnresolvedReferenceException unresolved) {
            return new CellError("UnresolvedReferenceException", unresolvedNote(unresolved.getSnippet()),
                    List.of(unresolvedNote(unresolved.getSnippet())));
        }
        if (exception instanceof EvalException eval) {
            return ErrorFormatter.runtimeError(eval);
        }
        return new CellError(exception.getClass().getSimpleName(), String.valueOf(exception.getMessage()),
                List.of(String.valueOf(exception)));
    }

    private String unresolvedNote(Snippet snippet) {
        List<String> missing = shell.unresolvedDependencies((DeclarationSnippet) snippet).toList();
        String what = snippet instanceof DeclarationSnippet d ? d.name() : snippet.source().strip();
        return what + " is defined but cannot be used until " + String.join(", ", missing) + " is declared";
    }

    /** Temporaries hold an expression's value: once taken, drop them and free the value. */
    private void releaseTemporaries(Snippet snippet) {
        if (snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
            dropAndRelease(snippet);
        }
    }

    /** Drops a snippet that is still active and frees the values its wrapper class holds. */
    private void dropAndRelease(Snippet snippet) {
        if (shell.status(snippet).isActive()) {
            shell.drop(snippet);
            if (direct != null) {
                direct.notebookChanged();
            }
            clearStaticFields(snippet, loader.definedClasses());
        }
    }

    /**
     * A redefined variable keeps its snippet key, and JShell names the new wrapper class after the
     * same key with a letter suffix: only classes that existed before this eval are the old ones.
     */
    private void releaseIfReplaced(SnippetEvent event, List<Class<?>> classesBefore) {
        Snippet s = event.snippet();
        if (s instanceof VarSnippet && !event.status().isActive() && event.previousStatus().isActive()) {
            clearStaticFields(s, classesBefore);
        }
    }

    private void clearStaticFields(Snippet snippet, List<Class<?>> candidates) {
        Optional<String> wrapper = wrapperClassName(snippet);
        if (wrapper.isEmpty()) {
            return;
        }
        // JShell may give a redefinition the very same wrapper class: never clear a live one.
        boolean stillLive = shell.snippets().filter(s -> s != snippet && shell.status(s).isActive())
                .map(JavaEvaluator::wrapperClassName).anyMatch(n -> n.equals(wrapper));
        if (stillLive) {
            return;
        }
        for (Class<?> c : candidates) {
            if (!c.getName().equals(wrapper.get())) {
                continue;
            }
            for (Field f : c.getDeclaredFields()) {
                int mod = f.getModifiers();
                if (Modifier.isStatic(mod) && !Modifier.isFinal(mod) && !f.getType().isPrimitive()) {
                    try {
                        f.setAccessible(true);
                        f.set(null, null);
                    } catch (ReflectiveOperationException | RuntimeException ignored) {
                        // best effort: a field we cannot clear just stays
                    }
                }
            }
        }
    }

    /** The current value of a notebook variable, read straight from its wrapper class. */
    public Optional<Object> variable(String name) {
        Optional<VarSnippet> snippet = latestVariable(name, s -> shell.status(s).isDefined());
        if (snippet.isEmpty()) {
            return Optional.empty();
        }
        Optional<Field> field = wrapperField(snippet.get());
        if (field.isPresent()) {
            try {
                return Optional.ofNullable(field.get().get(null));
            } catch (ReflectiveOperationException e) {
                // fall through to evaluating the name
            }
        }
        String key = "variable#" + System.nanoTime();
        Outcome o = eval("dev.lakehouse.kernel.engine.NotebookBridge.put(\"" + key + "\", " + name + ");");
        return o.failed() ? Optional.empty() : Optional.ofNullable(NotebookBridge.take(key));
    }

    public List<String> variableNames() {
        return shell.variables().filter(v -> shell.status(v).isActive()).map(VarSnippet::name).toList();
    }

    public String variableType(String name) {
        return shell.variables().filter(v -> v.name().equals(name) && shell.status(v).isActive())
                .map(VarSnippet::typeName).reduce((a, b) -> b).orElse(null);
    }

    /** Defines {@code type name} holding {@code value} (an object created by the kernel). */
    public Outcome define(String name, String type, Object value) {
        if (assignedToExisting(name, type, value)) {
            return new Outcome(NO_VALUE, null, List.of());
        }
        String key = name + "#" + System.nanoTime();
        NotebookBridge.put(key, value);
        return eval(type + " " + name + " = (" + type + ") dev.lakehouse.kernel.engine.NotebookBridge.take(\""
                + key + "\");");
    }

    /**
     * A variable already declared with the very same type (a magic re-binding {@code _sql} after
     * every query) takes the new value in its field: the same effect as a redeclaration without
     * a javac round.
     */
    private boolean assignedToExisting(String name, String type, Object value) {
        Optional<Field> field = latestVariable(name, s -> shell.status(s) == Snippet.Status.VALID)
                .filter(v -> v.typeName().equals(type))
                .flatMap(this::wrapperField);
        if (field.isEmpty() || Modifier.isFinal(field.get().getModifiers())
                || (value != null && !field.get().getType().isInstance(value))) {
            return false;
        }
        try {
            field.get().set(null, value);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private Optional<VarSnippet> latestVariable(String name, java.util.function.Predicate<VarSnippet> status) {
        return shell.variables().filter(v -> v.name().equals(name) && status.test(v)).reduce((a, b) -> b);
    }

    /** The static field that holds a variable's value in its wrapper class, made accessible. */
    private Optional<Field> wrapperField(VarSnippet variable) {
        Optional<String> wrapper = wrapperClassName(variable);
        if (wrapper.isEmpty()) {
            return Optional.empty();
        }
        try {
            Field field = loader.loadClass(wrapper.get()).getDeclaredField(variable.name());
            field.setAccessible(true);
            return Optional.of(field);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return Optional.empty();
        }
    }

    public int activeSnippetCount() {
        return (int) shell.snippets().filter(s -> shell.status(s).isActive()).count();
    }

    public SourceCodeAnalysis analysis() {
        return analysis;
    }

    public JShell shell() {
        return shell;
    }

    public void addToClasspath(String path) {
        shell.addToClasspath(path);
        if (direct != null) {
            direct.classpathChanged();
        }
    }

    public void stop() {
        shell.stop();
    }

    @Override
    public void close() {
        shell.close();
    }

    static String diagMessage(Diag d) {
        return d.getMessage(Locale.ROOT);
    }

    static boolean isExpression(Snippet s) {
        return s instanceof ExpressionSnippet;
    }
}
