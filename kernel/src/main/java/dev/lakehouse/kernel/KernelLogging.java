package dev.lakehouse.kernel;

import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Binds the kernel's own logs to the process's real stderr before System.err is redirected into
 * cells, so library chatter never lands in a notebook. Spark's log4j needs no early start: its
 * console appender writes to the stderr file descriptor directly ({@code direct} in log4j2.properties).
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
    }
}
