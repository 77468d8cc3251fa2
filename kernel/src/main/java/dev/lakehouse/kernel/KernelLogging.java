package dev.lakehouse.kernel;

import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Binds the kernel's own logs (and Spark's log4j console) to the process's real stderr before
 * System.err is redirected into cells, so library chatter never lands in a notebook.
 */
public final class KernelLogging {
    private KernelLogging() {}

    public static void configure() {
        System.setProperty("java.util.logging.SimpleFormatter.format", "[lakehouse %4$s] %5$s%6$s%n");
        LogManager.getLogManager().reset();
        ConsoleHandler handler = new ConsoleHandler();
        handler.setFormatter(new SimpleFormatter());
        handler.setLevel(Level.INFO);
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        root.setLevel(Level.INFO);
        try {
            // Initialise log4j2 now so its console appender captures the real stderr.
            Class.forName("org.apache.logging.log4j.LogManager").getMethod("getRootLogger").invoke(null);
        } catch (ReflectiveOperationException | LinkageError ignored) {
            // log4j is not on the classpath: nothing to bind
        }
    }
}
