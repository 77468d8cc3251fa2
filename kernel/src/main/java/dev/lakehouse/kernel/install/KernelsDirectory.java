package dev.lakehouse.kernel.install;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Where Jupyter looks for kernelspecs, following jupyter_core's path rules. */
public final class KernelsDirectory {
    private KernelsDirectory() {}

    /** The per-user directory: $JUPYTER_DATA_DIR/kernels, else the platform's Jupyter data dir. */
    public static Path user(Map<String, String> env, String osName, Path home) {
        String dataDir = env.get("JUPYTER_DATA_DIR");
        if (notBlank(dataDir)) {
            return Path.of(dataDir).toAbsolutePath().resolve("kernels");
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("mac")) {
            return home.resolve("Library").resolve("Jupyter").resolve("kernels");
        }
        if (os.startsWith("windows") && notBlank(env.get("APPDATA"))) {
            return Path.of(env.get("APPDATA")).resolve("jupyter").resolve("kernels");
        }
        String xdg = env.get("XDG_DATA_HOME");
        Path data = notBlank(xdg) ? Path.of(xdg) : home.resolve(".local").resolve("share");
        return data.resolve("jupyter").resolve("kernels");
    }

    public static Path user(Map<String, String> env) {
        return user(env, System.getProperty("os.name"), Path.of(System.getProperty("user.home")));
    }

    /**
     * The kernels directory of the Python environment Jupyter runs in: an activated virtualenv or
     * conda env first, else the {@code sys.prefix} of {@code python3} on PATH.
     */
    public static Path sysPrefix(Map<String, String> env, PythonSysPrefix python) {
        for (String variable : new String[] {"VIRTUAL_ENV", "CONDA_PREFIX"}) {
            String value = env.get(variable);
            if (notBlank(value)) {
                return prefix(Path.of(value));
            }
        }
        return prefix(python.sysPrefix());
    }

    /** {@code P/share/jupyter/kernels}, as {@code jupyter kernelspec install --prefix P} uses. */
    public static Path prefix(Path prefix) {
        return prefix.toAbsolutePath().normalize().resolve("share").resolve("jupyter").resolve("kernels");
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
