package dev.lakehouse.magics.mlflow;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

/**
 * Gives tests a real MLflow tracking server: started once per test JVM (the first class that asks
 * pays the start-up), stopped when JUnit finishes. Tests declare an {@link MlflowServer}
 * parameter. Without an {@code mlflow} command the tests are skipped, saying how to install it.
 */
public final class MlflowServerExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MlflowServerExtension.class);

    /** Closes the server when the root context closes, i.e. after every test class ran. */
    private record SharedServer(MlflowServer server) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    static MlflowServer server(ExtensionContext context) {
        Optional<Path> mlflow = MlflowServer.executable();
        if (mlflow.isEmpty()) {
            throw new TestAbortedException("mlflow is not installed: `.venv/bin/pip install -r requirements-dev.txt`"
                    + " (mlflow==3.17.2), or set LAKEHOUSE_MLFLOW_BIN to an mlflow command.");
        }
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(SharedServer.class, k -> {
            try {
                return new SharedServer(MlflowServer.start(mlflow.get()));
            } catch (Exception e) {
                throw new IllegalStateException("Could not start mlflow server: " + e.getMessage(), e);
            }
        }, SharedServer.class).server();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == MlflowServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }
}
