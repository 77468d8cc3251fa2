package dev.lakehouse.jobs.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** A task attempt's child JVM. {@link #kill()} is immediate: SIGKILL to the process and everything it started. */
public final class TaskProcess {
    private final Process process;

    TaskProcess(Process process) {
        this.process = process;
    }

    public long pid() {
        return process.pid();
    }

    public Long startedAtMillis() {
        return process.toHandle().info().startInstant().map(Instant::toEpochMilli).orElse(null);
    }

    /** Waits for the exit; empty if {@code limit} passed first. */
    public java.util.OptionalInt waitFor(Duration limit) throws InterruptedException {
        if (limit == null) {
            return java.util.OptionalInt.of(process.waitFor());
        }
        return process.waitFor(Math.max(0, limit.toMillis()), TimeUnit.MILLISECONDS)
                ? java.util.OptionalInt.of(process.exitValue()) : java.util.OptionalInt.empty();
    }

    void onExit(Runnable action) {
        process.onExit().thenRun(action);
    }

    public void kill() {
        killTree(process.toHandle());
    }

    static void killTree(ProcessHandle handle) {
        handle.descendants().forEach(ProcessHandle::destroyForcibly);
        handle.destroyForcibly();
    }

    /**
     * Kills a task process left behind by an earlier (crashed) service, if it is still alive and is the
     * same process: the recorded start time guards against a reused pid.
     */
    public static boolean killLeftover(long pid, Long startedAtMillis) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> startedAtMillis == null
                        || h.info().startInstant().map(s -> Math.abs(s.toEpochMilli() - startedAtMillis) < 1000).orElse(false))
                .map(h -> {
                    killTree(h);
                    return true;
                }).orElse(false);
    }
}
