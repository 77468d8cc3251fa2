package dev.lakehouse.kernel;

import dev.lakehouse.kernel.engine.CodeIntelligence;
import dev.lakehouse.kernel.engine.ExitGuard;
import dev.lakehouse.kernel.engine.NotebookEngine;
import dev.lakehouse.kernel.jupyter.JupyterKernel;
import dev.lakehouse.kernel.protocol.ConnectionInfo;
import dev.lakehouse.kernel.protocol.MessageSigner;
import dev.lakehouse.kernel.protocol.ProtocolWarmup;
import dev.lakehouse.kernel.protocol.WireCodec;
import dev.lakehouse.kernel.protocol.ZmqTransport;
import dev.lakehouse.magics.spark.SparkSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Runs the kernel for a Jupyter connection file until a shutdown_request. */
@Command(name = "kernel", mixinStandardHelpOptions = true,
        description = "Run the kernel (Jupyter starts this through the kernelspec).")
final class KernelCommand implements Callable<Integer> {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger("kernel");
    /** Round trips of the idle-time wire warm-up (see ProtocolWarmup): 1-2 s of CPU while idle. */
    private static final int PROTOCOL_WARMUP_REQUESTS = 300;

    @Parameters(index = "0", paramLabel = "CONNECTION_FILE", description = "Jupyter connection file")
    Path connectionFile;

    @Override
    public Integer call() throws Exception {
        return serve(connectionFile);
    }

    /** Serves the connection until a shutdown_request, then halts the JVM. */
    static int serve(Path connectionFile) throws Exception {
        KernelLogging.configure();
        ConnectionInfo connection = ConnectionInfo.read(connectionFile);
        WireCodec codec = new WireCodec(new MessageSigner(connection.key(), connection.signatureScheme()));
        ZmqTransport transport = new ZmqTransport(connection, codec);
        long started = System.nanoTime();
        NotebookEngine engine = new NotebookEngine(System.getenv());
        CodeIntelligence intelligence = KernelWiring.intelligence(engine);
        JupyterKernel kernel = new JupyterKernel(transport, engine, intelligence,
                JupyterKernel.historyAt(SparkSettings.dataDirectory(System.getenv()).resolve("history.jsonl")));
        transport.start(kernel);
        LOG.info(() -> "listening after " + (System.nanoTime() - started) / 1_000_000 + " ms");
        // Everything slower happens after the sockets answer: magics, JShell, Spark (lazily).
        KernelWiring.registerMagics(engine);
        engine.addWarmup(awaitQuiet -> ProtocolWarmup.run(PROTOCOL_WARMUP_REQUESTS, awaitQuiet));
        ExitGuard.install();
        engine.start();
        engine.releaseMemoryWhenIdle(Duration.ofSeconds(2));
        kernel.awaitShutdown();
        transport.close();
        ExitGuard.allowExit();
        // Spark's shutdown hooks can take seconds; the frontend already has our reply.
        Thread stopper = new Thread(engine::close, "engine-close");
        stopper.setDaemon(true);
        stopper.start();
        stopper.join(3000);
        Runtime.getRuntime().halt(0);
        return 0;
    }
}
