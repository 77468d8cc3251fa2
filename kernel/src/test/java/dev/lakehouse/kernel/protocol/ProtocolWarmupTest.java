package dev.lakehouse.kernel.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProtocolWarmupTest {
    @Test
    void everyRequestIsAnsweredOverRealSocketsAfterWaitingForTheNotebook() {
        AtomicInteger quietChecks = new AtomicInteger();

        int answered = ProtocolWarmup.run(25, quietChecks::incrementAndGet);

        assertThat(answered).isEqualTo(25);
        assertThat(quietChecks).hasValue(25);
    }

    @Test
    void theWarmupLeavesNoThreadOfItsOwnBehind() throws InterruptedException {
        ProtocolWarmup.run(3, () -> { });
        Thread.sleep(200);

        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("protocol-warmup"));
    }
}
