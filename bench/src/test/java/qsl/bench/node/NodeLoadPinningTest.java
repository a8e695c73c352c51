package qsl.bench.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import qsl.affinity.CpuSet;
import qsl.affinity.Outcome;
import qsl.affinity.ThreadAffinity;

/**
 * The generator runs pinned off the node's CPU and gives its thread back the CPUs it had: the
 * next node JVM is started from that thread and inherits its mask (a run that kept it pinned put
 * the next node on the generator's CPU alone).
 */
class NodeLoadPinningTest {
    private static CpuSet mine() {
        return ThreadAffinity.currentAffinity() instanceof Outcome.Ok<CpuSet> ok ? ok.value() : null;
    }

    @Test
    void theRunIsPinnedAndTheThreadGetsItsCpusBack() throws Exception {
        CpuSet before = mine();
        assumeTrue(before != null && before.size() > 1, "needs two CPUs this thread may use");
        CpuSet one = CpuSet.of(before.first());
        long seen = NodeLoad.onCpus(one, () -> mine().equals(one) ? 1 : 0);
        assertEquals(1, seen, "the body ran on the generator's CPUs");
        assertEquals(before, mine(), "the thread's CPUs after the run");
    }

    @Test
    void aFailingRunGivesTheCpusBackToo() {
        CpuSet before = mine();
        assumeTrue(before != null && before.size() > 1, "needs two CPUs this thread may use");
        assertThrows(IOException.class, () -> NodeLoad.onCpus(CpuSet.of(before.first()), () -> {
            throw new IOException("session lost");
        }));
        assertEquals(before, mine());
    }

    @Test
    void noCpusLeavesTheThreadAsItIs() throws Exception {
        CpuSet before = mine();
        assertEquals(7, NodeLoad.onCpus(null, () -> 7));
        assertEquals(before, mine());
    }
}
