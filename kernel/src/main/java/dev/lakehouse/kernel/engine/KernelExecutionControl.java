package dev.lakehouse.kernel.engine;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell's execution engine, in-process: snippets run on {@link CellThreads} so they can be
 * stopped, and the raw value of the last snippet is kept (JShell itself only passes strings back)
 * so the kernel can render it richly.
 */
final class KernelExecutionControl extends DirectExecutionControl {
    private final CellThreads threads;
    private volatile Object lastValue;

    KernelExecutionControl(NotebookLoaderDelegate delegate, CellThreads threads) {
        super(delegate);
        this.threads = threads;
    }

    Object takeLastValue() {
        Object v = lastValue;
        lastValue = null;
        return v;
    }

    @Override
    public String invoke(String className, String methodName)
            throws RunException, InternalException, EngineTerminationException {
        Method doit;
        try {
            doit = findClass(className).getDeclaredMethod(methodName);
            doit.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new InternalException(e.toString());
        }
        try {
            Object value = threads.run(() -> {
                try {
                    return doit.invoke(null);
                } catch (InvocationTargetException e) {
                    throw e;
                }
            });
            lastValue = value;
            return valueString(value);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (threads.isStopping() && cause instanceof ThreadDeath) {
                throw new StoppedException();
            }
            return throwConvertedInvocationException(cause);
        } catch (ThreadDeath e) {
            throw new StoppedException();
        } catch (Exception e) {
            return throwConvertedOtherException(e);
        }
    }

    @Override
    public void stop() {
        threads.stopAll();
    }

    /** Plugs this engine into {@code JShell.builder().executionEngine(...)}. */
    static final class Provider implements ExecutionControlProvider {
        private final KernelExecutionControl control;

        Provider(KernelExecutionControl control) {
            this.control = control;
        }

        @Override
        public String name() {
            return "lakehouse";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, java.util.Map<String, String> parameters) {
            return control;
        }
    }
}
