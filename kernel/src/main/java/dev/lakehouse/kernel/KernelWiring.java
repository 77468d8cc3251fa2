package dev.lakehouse.kernel;

import dev.lakehouse.kernel.builtin.ConfigMagic;
import dev.lakehouse.kernel.builtin.LsMagic;
import dev.lakehouse.kernel.deps.ClasspathMagic;
import dev.lakehouse.kernel.deps.MavenMagic;
import dev.lakehouse.kernel.deps.NotebookClasspath;
import dev.lakehouse.kernel.deps.SparkJars;
import dev.lakehouse.kernel.engine.CodeIntelligence;
import dev.lakehouse.kernel.engine.NotebookEngine;

/**
 * Puts the engine together: which magics and renderers a kernel (or headless run) has. One place,
 * so the kernel and the runner are wired the same way.
 */
public final class KernelWiring {
    private KernelWiring() {}

    public static void registerMagics(NotebookEngine engine) {
        NotebookClasspath classpath = new NotebookClasspath(path -> engine.evaluator().addToClasspath(path.toString()));
        // Jars added before Spark started must still reach its executors.
        engine.onSparkStarted(session -> SparkJars.addAll(session, classpath.jars()));
        engine.registerMagics(registry -> {
            registry.register(new LsMagic(registry));
            registry.register(new ConfigMagic());
            registry.register(new MavenMagic(classpath));
            registry.register(new ClasspathMagic(classpath));
            registry.registerServiceLoaded(KernelWiring.class.getClassLoader());
        });
    }

    public static CodeIntelligence intelligence(NotebookEngine engine) {
        return new CodeIntelligence(engine);
    }
}
