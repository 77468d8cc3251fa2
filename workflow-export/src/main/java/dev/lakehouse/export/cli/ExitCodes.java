package dev.lakehouse.export.cli;

/** Exit codes of the export and validate commands. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The notebooks or spec have problems; they are printed one per line on stderr. */
    public static final int PROBLEMS = 1;
    /** Bad command line (picocli's own usage-error code). */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
