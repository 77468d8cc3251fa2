package dev.lakehouse.kernel.install;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "install", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Installs the Jupyter kernelspec that starts this kernel jar, so JupyterLab offers \"Java (Lakehouse)\".",
            "An existing kernelspec with the same name is replaced."},
        footer = {"", "Examples:",
            "  java -jar kernel/target/lakehouse-kernel.jar install",
            "  java -jar kernel/target/lakehouse-kernel.jar install --sys-prefix --jvm-opt=-Xmx8g",
            "  java -jar kernel/target/lakehouse-kernel.jar install --name lakehouse-cluster \\",
            "      --display-name \"Java (Lakehouse, cluster)\" --spark-master spark://host:7077"})
public final class InstallCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    KernelLocationOptions location;

    @Option(names = "--name", paramLabel = "N", description = "Kernel name (default: ${DEFAULT-VALUE}).",
            defaultValue = KernelSpec.DEFAULT_NAME)
    String name;

    @Option(names = "--display-name", paramLabel = "TEXT", description = "Name shown in Jupyter (default: ${DEFAULT-VALUE}).",
            defaultValue = KernelSpec.DEFAULT_DISPLAY_NAME)
    String displayName;

    @Option(names = "--jvm-opt", paramLabel = "OPT", description = "Extra JVM option for the kernel, repeatable "
            + "(write --jvm-opt=-Xmx8g).")
    List<String> jvmOptions = new ArrayList<>();

    @Option(names = "--spark-master", paramLabel = "URL", description = "Spark master for the kernel's session "
            + "(default: local[*]); stored as " + KernelSpec.SPARK_MASTER_ENV + ".")
    String sparkMaster;

    @Option(names = "--env", paramLabel = "K=V", description = "Environment variable for the kernel, repeatable.")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(names = "--java", paramLabel = "PATH", description = "java executable the kernel runs on "
            + "(default: the one running this command).")
    Path java;

    @Option(names = "--replace", description = "Accepted for compatibility with `jupyter kernelspec install`; "
            + "an existing kernelspec is always replaced.")
    boolean replace;

    @Option(names = "--startup-archive", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Train the class-data-sharing archives the kernel maps at start (about a minute "
                    + "once, a run with local Spark included; the kernel starts ~2x faster and its first Spark "
                    + "query ~2 s sooner). Default: on.")
    boolean startupArchive;

    @Spec
    CommandSpec spec;

    private final Map<String, String> environment;
    private final PythonSysPrefix python;
    private final Supplier<Path> kernelJar;
    private final StartupArchive.Runner trainer;

    public InstallCommand() {
        this(System.getenv(), PythonSysPrefix.onPath(), RunningKernelJar::locate, StartupArchive.CHILD_JVM);
    }

    InstallCommand(Map<String, String> environment, PythonSysPrefix python, Supplier<Path> kernelJar,
                   StartupArchive.Runner trainer) {
        this.environment = environment;
        this.python = python;
        this.kernelJar = kernelJar;
        this.trainer = trainer;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            KernelInstaller installer = new KernelInstaller(kernelJar.get(),
                    java != null ? java : KernelInstaller.runningJava());
            KernelSpec kernelSpec = installer.spec(
                    new KernelInstaller.SpecOptions(displayName, jvmOptions, sparkMaster, env));
            Path kernels = KernelLocationOptions.kernelsDirectory(location, environment, python);
            KernelInstaller.Installation installation = installer.install(kernels, name, kernelSpec,
                    startupArchive ? trainer : null);
            if (installation.archive().message() != null) {
                (installation.archive().written() ? out : err).println(installation.archive().message());
            }
            out.printf("%s kernelspec '%s' (%s) in %s%n", installation.replaced() ? "Replaced" : "Installed",
                    name, kernelSpec.displayName(), installation.directory());
            if (KernelLocationOptions.isCustomPrefix(location)) {
                out.printf("Jupyter finds it if %s is its sys.prefix, or with JUPYTER_PATH=%s%n",
                        location.prefix.toAbsolutePath().normalize(), kernels.getParent());
            } else {
                out.println("Check with: jupyter kernelspec list");
            }
            out.flush();
            return 0;
        } catch (KernelInstallException | IllegalStateException e) {
            err.println("install failed: " + e.getMessage());
            err.flush();
            return 1;
        }
    }
}
