package dev.lakehouse.kernel.engine;

import dev.lakehouse.kernel.engine.CellResult.CellError;
import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.api.Magic;
import dev.lakehouse.magics.api.MagicCall;
import dev.lakehouse.magics.api.MagicException;
import dev.lakehouse.magics.api.MagicInvocation;
import dev.lakehouse.magics.api.MagicRegistry;
import dev.lakehouse.magics.spark.SparkJobGroups;
import dev.lakehouse.magics.spark.SparkSessionProvider;
import dev.lakehouse.magics.spark.SparkSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;

/**
 * Runs notebook cells — Java through JShell, {@code %magics} through the registry — the same way
 * for the Jupyter kernel and the headless runner. It knows nothing of ZeroMQ: outputs go to an
 * {@link OutputSink}. Cells run one at a time; {@link #interrupt()} may be called from any thread.
 */
public final class NotebookEngine implements AutoCloseable {
    private static final Pattern USES_SPARK = Pattern.compile("(?<![\\w.$])spark(?![\\w$])");
    /** Imports of the deferred classpath, given to JShell with it (see {@link RuntimeClasspath#split()}). */
    private static final List<String> SPARK_IMPORTS = List.of(
            "import org.apache.spark.sql.*;", "import org.apache.spark.api.java.function.*;");
    /** What every cell can use by its simple name; JavaEvaluator already imports {@code java.util.*}. */
    private static final List<String> STARTUP = List.of(
            "import java.util.function.*;", "import java.util.stream.*;",
            "import java.io.*;", "import java.nio.file.*;", "import java.time.*;", "import java.math.*;",
            "import dev.lakehouse.magics.api.DisplayData;",
            "import dev.lakehouse.kernel.engine.DisplayHandle;",
            "import static dev.lakehouse.kernel.engine.NotebookFunctions.*;");

    private final OutputRouter router;
    private final ScheduledExecutorService flusher;
    private final NotebookClassLoader loader;
    private final CellThreads threads;
    private final MagicRegistry magics = new MagicRegistry();
    private final Map<String, String> config = new ConcurrentHashMap<>();
    private final SparkSessionProvider sparkProvider;
    private final CompletableFuture<JavaEvaluator> evaluator = new CompletableFuture<>();
    private volatile Function<Object, DisplayData> renderer = ValueRendering::fallback;
    private volatile Path notebookPath;
    private volatile String currentCellId;
    private volatile boolean sparkVariableDefined;
    private final java.util.concurrent.ExecutorService cellDriver = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cell-driver");
        t.setDaemon(true);
        return t;
    });
    private volatile CompletableFuture<CellResult> runningCell;
    /** A full collection while the heap is a notebook's, not Spark's (see {@link IdleMemoryRelease}). */
    private final Runnable releaseHeap;
    private volatile CellRun currentRun;
    /** Cells received and not yet answered, and when the last one was answered: the warm-up yields to them. */
    private final AtomicInteger cellsInFlight = new AtomicInteger();
    private volatile long lastCellAnswered = System.nanoTime();
    private final int warmupRounds;
    private final List<Consumer<Runnable>> moreWarmups = new CopyOnWriteArrayList<>();
    private final AtomicBoolean compilerStarted = new AtomicBoolean();
    private final List<Consumer<SparkSession>> sparkListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> cellFinishedListeners = new CopyOnWriteArrayList<>();
    private final List<CellHook> cellHooks = new CopyOnWriteArrayList<>();

    public NotebookEngine(Map<String, String> environment) {
        this.router = new OutputRouter(System.out, System.err);
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "output-flusher");
            t.setDaemon(true);
            return t;
        });
        this.loader = new NotebookClassLoader(NotebookEngine.class.getClassLoader());
        this.threads = new CellThreads(loader, this::enterSparkJobGroup);
        this.sparkProvider = new SparkSessionProvider(SparkSettings.fromEnvironment(environment), loader,
                this::sparkStarted);
        this.sparkProvider.beforeCreate(settings -> {
            IdleMemoryRelease.letHeapGrowForSpark(); // a no-op unless the kernelspec's idle heap flags are in effect
            String master = settings.master();
            // local and local[n]: one JVM, the class loader is shared. local-cluster, spark://...: not.
            if (!master.equals("local") && !master.startsWith("local[")) {
                ClusterMode.prepare(settings, evaluator(), SparkSettings.dataDirectory(environment));
            }
        });
        this.releaseHeap = IdleMemoryRelease.untilSparkStarts(sparkProvider::started, System::gc);
        this.warmupRounds = Integer.parseInt(environment.getOrDefault("LAKEHOUSE_WARMUP_ROUNDS", "20"));
        String path = environment.get("JPY_SESSION_NAME");
        if (path != null && !path.isBlank()) {
            notebookPath = Path.of(path);
        }
        NotebookBridge.attach(this);
    }

    /** Redirects System.out/err into cells and compiles the start-up snippets in the background. */
    public NotebookEngine start() {
        router.install();
        return startCompiler();
    }

    /**
     * Starts JShell and compiles the start-up snippets on a background thread, without touching
     * System.out/err yet; {@link #start()} does it too. A headless run calls it before parsing its
     * command line, whose work then overlaps JShell's start, the longest step of a short run.
     */
    public NotebookEngine startCompiler() {
        if (compilerStarted.compareAndSet(false, true)) {
            Thread init = new Thread(this::initEvaluator, "jshell-init");
            init.setDaemon(true);
            init.start();
        }
        return this;
    }

    private void initEvaluator() {
        try {
            RuntimeClasspath.Split classpath = RuntimeClasspath.split();
            JavaEvaluator e = new JavaEvaluator(classpath, SPARK_IMPORTS, loader, threads);
            for (String snippet : STARTUP) {
                JavaEvaluator.Outcome o = e.eval(snippet);
                if (o.failed()) {
                    router.kernelErr().println("[lakehouse] start-up snippet failed: " + snippet + ": " + o.error().value());
                }
            }
            evaluator.complete(e);
            if (warmupRounds > 0) {
                CompilerWarmup.startInBackground(warmupRounds, classpath.eager(), STARTUP, this::nanosSinceLastCell, moreWarmups,
                        releaseHeap);
            }
        } catch (Throwable t) {
            evaluator.completeExceptionally(t);
        }
    }

    public MagicRegistry magics() {
        return magics;
    }

    public void registerMagics(Consumer<MagicRegistry> registration) {
        registration.accept(magics);
    }

    public void setRenderer(Function<Object, DisplayData> renderer) {
        this.renderer = renderer;
    }

    public void setNotebookPath(Path path) {
        this.notebookPath = path;
    }

    public Optional<Path> notebookPath() {
        return Optional.ofNullable(notebookPath);
    }

    public Map<String, String> config() {
        return config;
    }

    public OutputRouter router() {
        return router;
    }

    public NotebookClassLoader classLoader() {
        return loader;
    }

    public SparkSessionProvider sparkProvider() {
        return sparkProvider;
    }

    public JavaEvaluator evaluator() {
        return evaluator.join();
    }

    public DisplayData render(Object value) {
        return value instanceof DisplayData d ? d : renderer.apply(value);
    }

    /** Runs one cell. Never throws: every failure becomes a {@link CellResult} error. */
    public CellResult execute(CellRequest request, OutputSink sink) {
        return execute(request, sink, () -> { });
    }

    /**
     * Runs one cell; {@code received} runs first, once an {@link #interrupt()} would reach this cell
     * (a kernel announces "busy" there, so an interrupt sent on seeing it is never lost).
     */
    public CellResult execute(CellRequest request, OutputSink sink, Runnable received) {
        CellRun run = new CellRun(request.cellId());
        currentRun = run; // from here on an interrupt answers this cell, even while it waits to start
        cellsInFlight.incrementAndGet();
        try {
            received.run();
            CompletableFuture<CellResult> previous = runningCell;
            if (previous != null) {
                // a cell abandoned by an interrupt while it compiled: let JShell finish first
                CompletableFuture.anyOf(previous, run.interrupted).join();
            }
            CompletableFuture<CellResult> cell;
            synchronized (run) {
                if (run.interrupted.isDone()) {
                    return run.interrupted.join();
                }
                threads.clearStopping();
                currentCellId = request.cellId();
                run.started = true;
                cell = CompletableFuture.supplyAsync(() -> executeNow(request, sink, run), cellDriver);
                runningCell = cell;
            }
            return (CellResult) CompletableFuture.anyOf(cell, run.interrupted).join();
        } finally {
            if (currentRun == run) {
                currentRun = null;
            }
            lastCellAnswered = System.nanoTime();
            cellsInFlight.decrementAndGet();
        }
    }

    /**
     * Adds work to the background warm-up, for code outside the engine (the wire protocol): it runs
     * after javac's warm-up and gets a call that blocks while a cell is in flight or just answered.
     * Call before {@link #start()}; {@code LAKEHOUSE_WARMUP_ROUNDS=0} turns every warm-up off.
     */
    public void addWarmup(Consumer<Runnable> warmup) {
        moreWarmups.add(warmup);
    }

    /** Waits for this JVM's background warm-up to finish, at most {@code max} (start-up training lists its classes). */
    public static void awaitWarmup(java.time.Duration max) throws InterruptedException {
        CompilerWarmup.await(max.toMillis());
    }

    /**
     * Gives heap back after {@code idleAfter} without cells, once per idle period (the kernel calls
     * it; a headless run ends before it would matter).
     */
    public void releaseMemoryWhenIdle(java.time.Duration idleAfter) {
        IdleMemoryRelease.startInBackground(() -> lastCellAnswered, this::nanosSinceLastCell, idleAfter, releaseHeap);
        onSparkStarted(session -> IdleMemoryRelease.handOverToPeriodicCycles());
    }

    /** 0 while a cell is in flight, else the time since the last one was answered. */
    private long nanosSinceLastCell() {
        return cellsInFlight.get() > 0 ? 0 : System.nanoTime() - lastCellAnswered;
    }

    /** One execute request, from the moment it is received until its reply. Guarded by itself. */
    private static final class CellRun {
        final String cellId;
        final CompletableFuture<CellResult> interrupted = new CompletableFuture<>();
        boolean started;
        boolean finished;

        CellRun(String cellId) {
            this.cellId = cellId;
        }
    }

    private static CellResult interruptedResult() {
        return CellResult.failed(new CellError("InterruptedException", "The cell was interrupted.",
                List.of("\u001b[0;31mInterrupted\u001b[0m: the cell was stopped; earlier state is kept.")));
    }

    private CellResult executeNow(CellRequest request, OutputSink sink, CellRun run) {
        CellOutput cell = new CellOutput(request.cellId(), request.silent() ? NullSink.INSTANCE : sink, flusher);
        router.enter(cell);
        try {
            JavaEvaluator java = evaluator();
            KernelMagicContext hookContext = request.silent() ? null : new KernelMagicContext(this, cell);
            if (hookContext != null) {
                beforeCellHooks(hookContext, request.code());
            }
            CellResult result = run(request.code(), cell, java);
            if (hookContext != null && result.succeeded() && !threads.isStopping()) {
                result = afterCellHooks(hookContext, result);
            }
            if (threads.isStopping()) {
                return interruptedResult();
            }
            return result;
        } catch (Throwable t) {
            if (threads.isStopping()) {
                return interruptedResult();
            }
            return CellResult.failed(ErrorFormatter.fromThrowable(t));
        } finally {
            for (Consumer<String> listener : cellFinishedListeners) {
                try {
                    listener.accept(request.cellId());
                } catch (RuntimeException e) {
                    router.kernelErr().println("[lakehouse] cell-finished hook failed: " + e);
                }
            }
            router.leave(cell);
            synchronized (run) {
                run.finished = true;
                currentCellId = null;
            }
        }
    }

    private CellResult run(String code, CellOutput cell, JavaEvaluator java) throws Exception {
        Optional<MagicInvocation> cellMagic = MagicCall.parseCellMagic(code);
        if (cellMagic.isPresent()) {
            return runMagic(cellMagic.get(), cell);
        }
        Object lastValue;
        try {
            lastValue = runSegments(code, cell, java);
        } catch (CellFailure failure) {
            return failure.result();
        }
        if (lastValue == JavaEvaluator.NO_VALUE || lastValue instanceof DisplayHandle) {
            return CellResult.ok(null);
        }
        return CellResult.ok(render(lastValue));
    }

    /** Java and {@code %line} magics in order; the last value, or a {@link CellFailure} at the first error. */
    private Object runSegments(String code, CellOutput cell, JavaEvaluator java) throws Exception {
        Object lastValue = JavaEvaluator.NO_VALUE;
        for (Segment segment : Segment.split(code)) {
            if (segment.magic() != null) {
                CellResult r = runMagic(segment.magic(), cell);
                if (!r.succeeded()) {
                    throw new CellFailure(r);
                }
                lastValue = r.value() == null ? JavaEvaluator.NO_VALUE : r.value();
                continue;
            }
            if (!sparkVariableDefined && USES_SPARK.matcher(segment.code()).find()) {
                defineSparkVariable(java);
            }
            JavaEvaluator.Outcome outcome = java.eval(segment.code());
            for (String note : outcome.notes()) {
                System.err.println(note);
            }
            if (outcome.failed()) {
                throw new CellFailure(CellResult.failed(outcome.error()));
            }
            lastValue = outcome.value();
        }
        return lastValue;
    }

    /** {@link dev.lakehouse.magics.api.MagicContext#runCell}: code a cell magic runs inside the current cell. */
    Object runInsideCell(String code, CellOutput cell) {
        Object value;
        try {
            value = runSegments(code, cell, evaluator());
        } catch (CellFailure e) {
            throw e;
        } catch (Exception e) {
            throw new CellFailure(CellResult.failed(ErrorFormatter.fromThrowable(e)));
        }
        return value == JavaEvaluator.NO_VALUE || value instanceof DisplayHandle ? null : value;
    }

    /** Adds a hook told about every top-level, non-silent cell. */
    public void addCellHook(CellHook hook) {
        cellHooks.add(hook);
    }

    private void beforeCellHooks(KernelMagicContext context, String code) {
        for (CellHook hook : cellHooks) {
            try {
                hook.beforeCell(context, code);
            } catch (RuntimeException e) {
                router.kernelErr().println("[lakehouse] cell-start hook failed: " + e);
            }
        }
    }

    /**
     * The first cell that uses Spark needs both the session (~5 s to start) and javac reading Spark's
     * ~230 jars (~1.3 s); starting the session on another thread lets the two overlap. The cell's own
     * {@code spark()} then waits for this start (or, if it failed, tries again and reports why).
     */
    private void startSparkInBackground() {
        if (sparkProvider.started()) {
            return;
        }
        Thread starter = new Thread(() -> {
            try {
                sparkProvider.get();
            } catch (Throwable failed) {
                // the cell's own sparkProvider.get() starts again and shows the error
            }
        }, "spark-start");
        starter.setDaemon(true);
        starter.start();
    }

    /** Runs the after-cell hooks on a cell thread (an interrupt stops them); the first failure fails the cell. */
    private CellResult afterCellHooks(KernelMagicContext context, CellResult result) {
        for (CellHook hook : cellHooks) {
            try {
                threads.run(() -> {
                    hook.afterCell(context);
                    return null;
                });
            } catch (MagicException e) {
                return magicError(e.getMessage());
            } catch (Throwable t) {
                return CellResult.failed(ErrorFormatter.fromThrowable(t));
            }
        }
        return result;
    }

    private void defineSparkVariable(JavaEvaluator java) {
        startSparkInBackground();
        java.loadDeferredClasspath();
        JavaEvaluator.Outcome o = java.eval(
                "org.apache.spark.sql.SparkSession spark = dev.lakehouse.kernel.engine.NotebookBridge.spark();");
        if (!o.failed()) {
            sparkVariableDefined = true;
        }
    }

    private CellResult runMagic(MagicInvocation invocation, CellOutput cell) throws Exception {
        Optional<Magic> found = magics.find(invocation.name());
        if (found.isEmpty()) {
            List<String> close = magics.closest(invocation.name());
            String hint = close.isEmpty() ? "Run %lsmagic to list the magics." : "Did you mean " + String.join(", ", close.stream().map(n -> "%" + n).toList()) + "?";
            return magicError("Unknown magic %" + invocation.name() + ". " + hint);
        }
        Magic magic = found.get();
        if (invocation.isCell() && !magic.kind().allowsCell()) {
            return magicError("%" + magic.name() + " is a line magic: write %" + magic.name() + " (one %), not %%" + magic.name() + ".");
        }
        if (!invocation.isCell() && !magic.kind().allowsLine()) {
            return magicError("%%" + magic.name() + " is a cell magic: put %%" + magic.name() + " on the first line of the cell, followed by its body.");
        }
        if (!magic.answersHelpItself() && invocation.asksForHelp()) {
            return CellResult.ok(DisplayData.text(magic.help()));
        }
        KernelMagicContext context = new KernelMagicContext(this, cell);
        try {
            Object value = threads.run(() -> magic.run(invocation, context));
            return CellResult.ok(value == null ? null : render(value));
        } catch (CellFailure failure) {
            return failure.result(); // code the magic ran inside this cell (runCell) failed
        } catch (MagicException e) {
            return magicError(e.getMessage());
        }
    }

    private static CellResult magicError(String message) {
        return CellResult.failed(new CellError("MagicError", message, List.of("\u001b[0;31mMagicError\u001b[0m: " + message)));
    }

    /** Stops the running cell: its threads and its Spark jobs. Safe from any thread. */
    public void interrupt() {
        CellRun run = currentRun;
        if (run == null) {
            return; // nothing runs: an interrupt must not carry over to the next cell
        }
        synchronized (run) {
            if (run.finished) {
                return;
            }
            if (!run.started) {
                run.interrupted.complete(interruptedResult()); // it will not start at all
                return;
            }
            threads.stopAll();
        }
        if (sparkProvider.started()) {
            cancelSparkJobsOf(run.cellId);
        }
        if (!threads.busy()) {
            // Still compiling (javac cannot be stopped safely): answer now; the compiled snippet
            // will not run, and the next cell waits for JShell to finish.
            run.interrupted.complete(interruptedResult());
        }
    }

    /**
     * Cancels the cell's job group now and again for a few seconds: Spark may submit a query's jobs
     * from its own threads (which carry the cell's group but are not cell threads) a moment after
     * the cell thread was stopped, and a cancel only reaches jobs already submitted.
     */
    private void cancelSparkJobsOf(String cellId) {
        org.apache.spark.SparkContext sc = sparkProvider.get().sparkContext();
        SparkJobGroups.cancel(sc, cellId);
        for (long delay = 250; delay <= 3000; delay += 250) {
            flusher.schedule(() -> {
                if (!sc.isStopped() && sc.statusTracker().getJobIdsForGroup(cellId).length > 0) {
                    SparkJobGroups.cancel(sc, cellId);
                }
            }, delay, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    public SparkSession spark() {
        SparkSession session = sparkProvider.get();
        enterSparkJobGroup();
        return session;
    }

    /** Runs {@code listener} with the cell id after every cell, before its output is closed. */
    public void onCellFinished(Consumer<String> listener) {
        cellFinishedListeners.add(listener);
    }

    /** Runs {@code listener} when the SparkSession is created (at once if it already exists). */
    public void onSparkStarted(Consumer<SparkSession> listener) {
        sparkListeners.add(listener);
        if (sparkProvider.started()) {
            listener.accept(sparkProvider.get());
        }
    }

    private void sparkStarted(SparkSession session) {
        for (Consumer<SparkSession> listener : sparkListeners) {
            try {
                listener.accept(session);
            } catch (RuntimeException e) {
                router.kernelErr().println("[lakehouse] Spark start-up hook failed: " + e);
            }
        }
        router.useSparkJobGroupLookup(() -> {
            org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
            return task == null ? null : task.getLocalProperty("spark.jobGroup.id");
        });
    }

    /** Puts the current thread into the running cell's Spark job group, once Spark is up. */
    private void enterSparkJobGroup() {
        String cellId = currentCellId;
        if (cellId != null && sparkProvider.started()) {
            SparkJobGroups.enter(sparkProvider.get().sparkContext(), cellId, "cell " + cellId);
        }
    }

    public boolean ready() {
        return evaluator.isDone();
    }

    @Override
    public void close() {
        sparkProvider.stop();
        if (evaluator.isDone() && !evaluator.isCompletedExceptionally()) {
            evaluator.join().close();
        }
        flusher.shutdownNow();
    }

    /** A run of plain code, or one {@code %magic} line. */
    record Segment(String code, MagicInvocation magic) {
        static List<Segment> split(String cell) {
            List<Segment> segments = new ArrayList<>();
            StringBuilder code = new StringBuilder();
            int lineNumber = 0;
            for (String line : cell.split("\n", -1)) {
                lineNumber++;
                Optional<MagicInvocation> magic = MagicCall.parseLineMagic(line);
                if (magic.isPresent()) {
                    if (!code.toString().isBlank()) {
                        segments.add(new Segment(code.toString(), null));
                    }
                    code.setLength(0);
                    // blank lines in place of what came before, so error line numbers match the cell
                    code.append("\n".repeat(lineNumber));
                    segments.add(new Segment(null, magic.get()));
                } else {
                    // keep line structure so error positions match the cell
                    code.append(line).append('\n');
                }
            }
            if (!code.toString().isBlank()) {
                segments.add(new Segment(code.toString(), null));
            }
            return segments;
        }
    }
}
