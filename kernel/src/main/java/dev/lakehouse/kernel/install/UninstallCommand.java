package dev.lakehouse.kernel.install;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "uninstall", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Removes a kernelspec written by `install`. Pass the same location option used to install it.")
public final class UninstallCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    KernelLocationOptions location;

    @Option(names = "--name", paramLabel = "N", description = "Kernel name (default: ${DEFAULT-VALUE}).",
            defaultValue = KernelSpec.DEFAULT_NAME)
    String name;

    @Spec
    CommandSpec spec;

    private final Map<String, String> environment;
    private final PythonSysPrefix python;

    public UninstallCommand() {
        this(System.getenv(), PythonSysPrefix.onPath());
    }

    UninstallCommand(Map<String, String> environment, PythonSysPrefix python) {
        this.environment = environment;
        this.python = python;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Path kernels = KernelLocationOptions.kernelsDirectory(location, environment, python);
            Path removed = KernelInstaller.uninstall(kernels, name);
            out.printf("Removed kernelspec '%s' from %s%n", name, removed);
            out.flush();
            return 0;
        } catch (KernelInstallException e) {
            err.println("uninstall failed: " + e.getMessage());
            err.flush();
            return 1;
        }
    }
}
