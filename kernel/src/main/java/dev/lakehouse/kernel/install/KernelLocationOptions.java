package dev.lakehouse.kernel.install;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** The mutually exclusive {@code --user | --sys-prefix | --prefix P} choice of install and uninstall. */
public final class KernelLocationOptions {
    @Option(names = "--user", description = "Per-user kernelspec folder (default): $JUPYTER_DATA_DIR/kernels, "
            + "else ~/.local/share/jupyter/kernels on Linux.")
    boolean user;

    @Option(names = "--sys-prefix", description = "The Python environment Jupyter runs in: $VIRTUAL_ENV, "
            + "$CONDA_PREFIX, else sys.prefix of python3 on PATH.")
    boolean sysPrefix;

    @Option(names = "--prefix", paramLabel = "P", description = "P/share/jupyter/kernels.")
    Path prefix;

    /** The kernels folder the chosen option names; {@code options} may be null (no option given). */
    static Path kernelsDirectory(KernelLocationOptions options, Map<String, String> env, PythonSysPrefix python) {
        if (options == null || options.user) {
            return KernelsDirectory.user(env);
        }
        if (options.sysPrefix) {
            return KernelsDirectory.sysPrefix(env, python);
        }
        return KernelsDirectory.prefix(options.prefix);
    }

    static boolean isCustomPrefix(KernelLocationOptions options) {
        return options != null && options.prefix != null;
    }
}
