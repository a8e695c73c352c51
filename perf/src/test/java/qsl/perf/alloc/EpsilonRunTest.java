package qsl.perf.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The end-to-end zero-GC check: under Epsilon with a small heap, an allocating loop dies and a quiet one lives. */
class EpsilonRunTest {

    @Test
    void anAllocatingLoopRunsOutOfHeap() throws Exception {
        // 512 B per iteration into a 32 MB heap that is never collected: gone in well under a second
        EpsilonRun.Outcome o = EpsilonRun.run(AllocatingLoop.class, 32, List.of(), List.of("20000"), 60);
        assertFalse(o.survived(), o::describe);
        assertTrue(o.heapExhausted(), o::describe);
        assertFalse(o.child().timedOut(), o::describe);
        assertEquals("Epsilon", o.gc().collector(), o::describe);
    }

    @Test
    void aLoopThatDoesNotAllocateLives() throws Exception {
        EpsilonRun.Outcome o = EpsilonRun.run(QuietLoop.class, 32, List.of(), List.of("1500"), 60);
        assertTrue(o.survived(), o::describe);
        assertEquals("Epsilon", o.gc().collector(), o::describe);
        assertTrue(o.gc().noCollections(), "Epsilon never collects: " + o.gc());
    }
}
