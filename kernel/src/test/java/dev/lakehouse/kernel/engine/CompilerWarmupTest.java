package dev.lakehouse.kernel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CompilerWarmupTest {
    @Test
    void theWarmupWaitsWhileCellsRunAndGoesOnOnceTheNotebookIsQuiet() {
        AtomicInteger asked = new AtomicInteger();
        // in flight, in flight, answered 10 ms ago, then quiet long enough
        long[] answers = {0, 0, 10_000_000L, CompilerWarmup.QUIET_NANOS};

        CompilerWarmup.awaitQuiet(() -> answers[Math.min(asked.getAndIncrement(), answers.length - 1)]);

        assertThat(asked).hasValue(4);
    }
}
