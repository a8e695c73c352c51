package qsl.gateway.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A consumer blocked in a selector is woken by its producer's {@link SelectorWake#wake()}: the
 * consumer's select has no timeout at all, so a lost wake-up hangs it (the test's own wait bound
 * then fails it) instead of only slowing it down.
 */
class SelectorWakeTest {
    @Test
    void everyPublicationReachesAConsumerThatOnlyAProducerWakes() throws Exception {
        AtomicLong published = new AtomicLong(); // stands in for a ring's producer position
        SelectorWake wake = new SelectorWake();
        int rounds = 20_000;
        long[] seen = new long[1];
        try (Selector selector = Selector.open()) {
            wake.attach(selector);
            Thread consumer = new Thread(() -> {
                try {
                    while (seen[0] < rounds) {
                        long p = published.get();
                        if (p > seen[0]) {
                            seen[0] = p;
                            continue;
                        }
                        wake.sleeping();
                        if (published.get() > seen[0]) selector.selectNow(); // the re-check after the announcement
                        else selector.select(); // no timeout: only a wake-up ends it
                        wake.awake();
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, "consumer");
            consumer.setDaemon(true);
            consumer.start();
            for (int i = 1; i <= rounds; i++) {
                published.set(i);
                wake.wake();
                if ((i & 63) == 0) LockSupport.parkNanos(20_000); // let the consumer catch up and block between some publications
            }
            consumer.join(120_000);
            assertFalse(consumer.isAlive(), "the consumer missed a wake-up: it saw " + seen[0] + " of " + rounds);
            assertEquals(rounds, seen[0]);
        }
    }
}
