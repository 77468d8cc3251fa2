package dev.lakehouse.jobs;

import java.io.PrintStream;
import java.time.Instant;

/**
 * The service's log: one timestamped line per event on stderr. Deliberately tiny and in our hands,
 * so nothing (request headers included) is ever logged unless a line here says so.
 */
public final class ServiceLog {
    private static volatile PrintStream out = System.err;

    private ServiceLog() {}

    public static void redirect(PrintStream stream) {
        out = stream;
    }

    public static void info(String format, Object... args) {
        write("INFO ", format, args);
    }

    public static void warn(String format, Object... args) {
        write("WARN ", format, args);
    }

    private static void write(String level, String format, Object... args) {
        String line = Instant.now() + " " + level + " [jobs] " + (args.length == 0 ? format : String.format(format, args));
        PrintStream stream = out;
        synchronized (stream) {
            stream.println(line);
            stream.flush();
        }
    }
}
