package dev.lakehouse.magics.mlflow;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Collects the Delta reads of queries executed while a run is active. Fed by
 * {@link DeltaReadListener} on Spark's listener thread, read by the session when it tags the run.
 */
public final class LineageRecorder {
    static final LineageRecorder SHARED = new LineageRecorder();

    private final Set<DeltaRead> reads = new ConcurrentSkipListSet<>();
    private volatile boolean recording;

    void start() {
        reads.clear();
        recording = true;
    }

    void stop() {
        recording = false;
    }

    boolean recording() {
        return recording;
    }

    void record(Collection<DeltaRead> observed) {
        if (recording) {
            reads.addAll(observed);
        }
    }

    Set<DeltaRead> reads() {
        return new TreeSet<>(reads);
    }
}
