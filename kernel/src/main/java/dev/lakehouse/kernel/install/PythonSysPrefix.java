package dev.lakehouse.kernel.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Asks a Python interpreter for its {@code sys.prefix}. */
public interface PythonSysPrefix {
    Path sysPrefix();

    /** Runs {@code python3} from PATH. */
    static PythonSysPrefix onPath() {
        return interpreter("python3");
    }

    static PythonSysPrefix interpreter(String executable) {
        return () -> run(List.of(executable, "-c", "import sys; print(sys.prefix)"));
    }

    private static Path run(List<String> command) {
        String hint = "--sys-prefix needs python3 on PATH or an activated virtualenv (VIRTUAL_ENV); "
                + "use --prefix P or --user instead";
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new KernelInstallException("python3 did not answer within 30 s. " + hint);
            }
            if (process.exitValue() != 0 || output.isEmpty()) {
                throw new KernelInstallException(command.get(0) + " failed to print sys.prefix (exit " + process.exitValue()
                        + (output.isEmpty() ? "" : ": " + output) + "). " + hint);
            }
            String[] lines = output.split("\\R");
            return Path.of(lines[lines.length - 1].strip());
        } catch (IOException e) {
            throw new KernelInstallException("Could not run " + command.get(0) + ": " + e.getMessage() + ". " + hint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KernelInstallException("Interrupted while asking python3 for sys.prefix", e);
        }
    }
}
