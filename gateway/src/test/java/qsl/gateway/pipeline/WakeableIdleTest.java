package qsl.gateway.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A consumer parked in {@link WakeableIdle} is woken by its producer's {@link WakeableIdle#wake()},
 * not by its park bound: the bound here is an hour, so a lost wake-up would hang the consumer
 * (the test's own wait bound then fails it) instead of only slowing it down.
 */
class WakeableIdleTest {
    private static final long HOUR = 3_600_000_000_000L;

    @Test
    void everyPublicationReachesAConsumerThatOnlyAProducerWakes() throws Exception {
        AtomicLong published = new AtomicLong(); // stands in for a ring's producer position
        WakeableIdle idle = new WakeableIdle(10, HOUR);
        long[] seen = new long[1];
        idle.work(() -> published.get() > seen[0]);
        int rounds = 20_000;
        Thread consumer = new Thread(() -> {
            while (seen[0] < rounds) {
                long p = published.get();
                if (p > seen[0]) {
                    seen[0] = p;
                    idle.reset();
                } else {
                    idle.idle();
                }
            }
        }, "consumer");
        consumer.setDaemon(true);
        consumer.start();
        for (int i = 1; i <= rounds; i++) {
            published.set(i);
            idle.wake();
            if ((i & 63) == 0) LockSupport.parkNanos(20_000); // let the consumer catch up and park between some publications
        }
        consumer.join(120_000);
        assertFalse(consumer.isAlive(), "the consumer missed a wake-up: it saw " + seen[0] + " of " + rounds);
        assertEquals(rounds, seen[0]);
    }

    @Test
    void aWakeBeforeTheParkIsNotLost() {
        WakeableIdle idle = new WakeableIdle(0, HOUR);
        boolean[] pending = {true};
        idle.work(() -> pending[0]);
        // work is pending at the re-check after the announcement: returns without parking (an hour's park fails the bound)
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> idle.idle());
        idle.wake(); // nobody asleep: nothing to do
    }
}
