package qsl.ringbuffer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import qsl.perf.alloc.ChildJvm;

/**
 * The hot loops allocate nothing: {@link RingAllocMain} runs them in a child JVM under Epsilon GC
 * with a 32 MB heap and without TLABs (so the heap-used figure is exact); 10 million messages
 * (each side) may grow the heap by at most 512 KB, about 0.05 bytes per message, and any real
 * per-message allocation would exhaust the heap and kill the child.
 */
class RingZeroAllocationTest {
    @Test
    void producerAndConsumerLoopsRunUnderEpsilonWithoutGrowingTheHeap() throws Exception {
        long messages = "long".equals(System.getProperty("qsl.stress")) ? 200_000_000L : 10_000_000L;
        List<String> flags = new ArrayList<>(ChildJvm.epsilon(32));
        flags.add("-XX:-UseTLAB");
        ChildJvm.Result r = ChildJvm.run(RingAllocMain.class, flags,
                List.of(String.valueOf(messages), String.valueOf(512 * 1024)), 300);
        assertTrue(r.ok(), () -> "child died or allocated: " + r);
        assertTrue(r.stdout().contains("messages=" + messages), r::stdout);
    }
}
