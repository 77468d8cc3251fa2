package dev.lakehouse.kernel;

import dev.lakehouse.kernel.install.InstallCommand;
import dev.lakehouse.kernel.install.UninstallCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar lakehouse-kernel.jar (kernel CONNECTION_FILE | install | uninstall)}. */
@Command(name = "lakehouse-kernel", mixinStandardHelpOptions = true, version = "lakehouse-kernel 0.1.0",
        description = "The Java (Lakehouse) Jupyter kernel.",
        subcommands = {KernelCommand.class, InstallCommand.class, UninstallCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) throws Exception {
        // Jupyter's own command line skips picocli: building its model costs ~250 ms of a kernel's start.
        if (args.length == 2 && args[0].equals("kernel") && !args[1].startsWith("-")) {
            KernelCommand.serve(java.nio.file.Path.of(args[1]));
            return;
        }
        if (args.length >= 2 && args[0].equals("kernel") && args[1].equals(StartupTraining.OPTION)) {
            System.exit(StartupTraining.run(args.length == 3 && args[2].equals(StartupTraining.SPARK_OPTION)));
        }
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
