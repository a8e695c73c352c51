package qsl.ringbuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class IdleStrategyTest {
    @Test
    void backoffGoesSpinYieldParkAndDoublesUpToTheMaximum() {
        BackoffIdleStrategy s = new BackoffIdleStrategy(3, 2, 1_000, 4_000);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, s.stage());
            s.idle();
        }
        for (int i = 0; i < 2; i++) {
            assertEquals(1, s.stage());
            s.idle();
        }
        assertEquals(2, s.stage());
        assertEquals(1_000, s.currentParkNanos());
        s.idle();
        assertEquals(2_000, s.currentParkNanos());
        s.idle();
        s.idle();
        assertEquals(4_000, s.currentParkNanos(), "capped");
        s.idle(1);
        assertEquals(0, s.stage(), "work resets");
        assertEquals(1_000, s.currentParkNanos());
    }

    @Test
    void badBackoffParametersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BackoffIdleStrategy(-1, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new BackoffIdleStrategy(0, 0, 10, 5));
        assertThrows(IllegalArgumentException.class, () -> new BackoffIdleStrategy(0, 0, 0, 5));
    }

    @Test
    void spinAndYieldReturn() {
        IdleStrategy spin = new BusySpinIdleStrategy();
        IdleStrategy yield = new YieldingIdleStrategy();
        for (int i = 0; i < 10; i++) {
            spin.idle(0);
            yield.idle(0);
        }
        spin.reset();
        yield.reset();
    }
}
