package dev.lakehouse.kernel;

import dev.lakehouse.kernel.builtin.ConfigMagic;
import dev.lakehouse.kernel.builtin.LsMagic;
import dev.lakehouse.kernel.deps.ClasspathMagic;
import dev.lakehouse.kernel.deps.MavenMagic;
import dev.lakehouse.kernel.deps.NotebookClasspath;
import dev.lakehouse.kernel.deps.SparkJars;
import dev.lakehouse.kernel.engine.CodeIntelligence;
import dev.lakehouse.kernel.engine.NotebookEngine;
import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.api.RenderOptions;
import dev.lakehouse.magics.render.Renderers;
import dev.lakehouse.magics.spark.ProgressSink;
import dev.lakehouse.magics.spark.SparkProgressListener;
import dev.lakehouse.magics.sql.SqlCompletion;

/**
 * Puts the engine together: which magics and renderers a kernel (or headless run) has. One place,
 * so the kernel and the runner are wired the same way.
 */
public final class KernelWiring {
    private KernelWiring() {}

    public static void registerMagics(NotebookEngine engine) {
        engine.setRenderer(value -> Renderers.render(value, new RenderOptions(maxRows(engine))));
        attachSparkProgress(engine);
        // MLflow lineage: which Delta table versions each query read.
        engine.onSparkStarted(dev.lakehouse.magics.mlflow.DeltaReadListener::installOn);
        // MLflow: cell sources for the run's lineage tags; buffered metrics delivered before a cell ends.
        engine.addCellHook(new dev.lakehouse.kernel.engine.CellHook() {
            @Override
            public void beforeCell(dev.lakehouse.magics.api.MagicContext context, String code) {
                dev.lakehouse.magics.mlflow.MlflowCellHook.beforeCell(context, code);
            }

            @Override
            public void afterCell(dev.lakehouse.magics.api.MagicContext context) {
                dev.lakehouse.magics.mlflow.MlflowCellHook.afterCell(context);
            }
        });
        NotebookClasspath classpath = new NotebookClasspath(path -> engine.evaluator().addToClasspath(path.toString()));
        // Jars added before Spark started must still reach its executors.
        engine.onSparkStarted(session -> SparkJars.addAll(session, classpath.jars()));
        engine.registerMagics(registry -> {
            registry.register(new LsMagic(registry));
            registry.register(new ConfigMagic());
            registry.register(new MavenMagic(classpath));
            registry.register(new ClasspathMagic(classpath));
            registry.register(new dev.lakehouse.magics.spark.SparkMagic(engine.sparkProvider()));
            registry.registerServiceLoaded(KernelWiring.class.getClassLoader());
        });
    }

    private static int maxRows(NotebookEngine engine) {
        try {
            return Integer.parseInt(engine.config().getOrDefault("display.maxRows", String.valueOf(RenderOptions.DEFAULT_MAX_ROWS)));
        } catch (NumberFormatException e) {
            return RenderOptions.DEFAULT_MAX_ROWS;
        }
    }

    /** Live Spark progress in the cell that started the jobs, updated in place. */
    private static void attachSparkProgress(NotebookEngine engine) {
        SparkProgressListener[] listener = new SparkProgressListener[1];
        engine.onSparkStarted(session -> listener[0] = SparkProgressListener.attach(session.sparkContext(),
                group -> engine.router().cell(group).map(cell -> new ProgressSink() {
                    @Override
                    public String show(DisplayData display) {
                        return cell.display(display);
                    }

                    @Override
                    public void update(String displayId, DisplayData display) {
                        cell.updateDisplay(displayId, display);
                    }
                })));
        engine.onCellFinished(cellId -> {
            if (listener[0] != null) {
                listener[0].cellFinished(cellId);
            }
        });
    }

    public static CodeIntelligence intelligence(NotebookEngine engine) {
        CodeIntelligence intelligence = new CodeIntelligence(engine);
        intelligence.registerCellMagicCompleter("sql", (body, cursor) -> {
            if (!engine.sparkProvider().started()) {
                return new CodeIntelligence.Completion(java.util.List.of(), cursor, cursor);
            }
            SqlCompletion.Result r = SqlCompletion.complete(engine.sparkProvider().get(), body, cursor);
            return new CodeIntelligence.Completion(r.matches(), r.start(), r.end());
        });
        return intelligence;
    }
}
