package dev.lakehouse.magics.spark;

import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/**
 * Creates the one SparkSession of a kernel on first use, never at start-up, so the kernel answers
 * at once. Settings can change until then; after that {@code %spark conf} only changes SQL conf.
 *
 * <p>The session's thread context class loader is the notebook's (JShell's) class loader, so that
 * lambdas compiled in cells resolve in local executors to the same, initialised classes.
 */
public final class SparkSessionProvider {
    private final SparkSettings settings;
    private final ClassLoader notebookLoader;
    private final Consumer<SparkSession> onCreated;
    private volatile SparkSession session;
    private volatile Consumer<SparkSettings> beforeCreate = settings -> { };

    public SparkSessionProvider(SparkSettings settings, ClassLoader notebookLoader,
                                Consumer<SparkSession> onCreated) {
        this.settings = settings;
        this.notebookLoader = notebookLoader;
        this.onCreated = onCreated;
    }

    /** Runs just before the session is built, with the final settings (e.g. to add cluster conf). */
    public void beforeCreate(Consumer<SparkSettings> hook) {
        this.beforeCreate = hook;
    }

    public boolean started() {
        return session != null;
    }

    public SparkSettings settings() {
        return settings;
    }

    public synchronized SparkSession get() {
        if (session == null) {
            Thread current = Thread.currentThread();
            ClassLoader previous = current.getContextClassLoader();
            current.setContextClassLoader(notebookLoader);
            try {
                beforeCreate.accept(settings);
                SparkSession.Builder builder = SparkSession.builder();
                for (Map.Entry<String, String> e : settings.asMap().entrySet()) {
                    builder.config(e.getKey(), e.getValue());
                }
                SparkSession created = builder.getOrCreate();
                created.sparkContext().setLogLevel("WARN");
                session = created;
                onCreated.accept(created);
            } finally {
                current.setContextClassLoader(previous);
            }
        }
        return session;
    }

    /** Applies a setting: before start it changes how the session is built, after it SQL conf. */
    public synchronized void configure(String key, String value) {
        if (session == null) {
            settings.set(key, value);
        } else {
            session.conf().set(key, value);
        }
    }

    public synchronized void stop() {
        if (session != null) {
            session.stop();
            session = null;
        }
    }
}
