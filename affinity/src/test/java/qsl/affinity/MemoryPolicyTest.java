package qsl.affinity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import qsl.offheap.ffi.Errno;

/** mbind / set_mempolicy / get_mempolicy through the raw syscalls, checked with get_mempolicy's node query. */
class MemoryPolicyTest {
    private static final long PAGE = MemoryPolicy.pageSize();

    private static Topology topologyOrSkip() {
        TopologyRead read = Topology.readSystem();
        assumeTrue(read instanceof TopologyRead.Found, () -> "no topology: " + read);
        return read.orElseThrow();
    }

    private static void assumeSupported(Outcome<?> o) {
        assumeTrue(!(o instanceof Outcome.Unsupported), () -> "NUMA policy unsupported here: " + o.describe());
        assumeTrue(!(o instanceof Outcome.Failed<?> f && (f.error().errno() == Errno.EPERM || f.error().errno() == Errno.ENOSYS)),
                () -> "NUMA policy syscalls forbidden here (container seccomp?): " + o.describe());
    }

    @Test
    void bindToTheFirstNodePlacesPagesThere() {
        Topology t = topologyOrSkip();
        int node = t.nodes().get(0).id();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(16 * PAGE, PAGE);
            Outcome<MemorySegment> bound = MemoryPolicy.bind(seg, NodeSet.of(node));
            assumeSupported(bound);
            assertTrue(bound.isOk(), bound.describe());
            seg.fill((byte) 7);
            for (long off = 0; off < seg.byteSize(); off += PAGE) {
                assertEquals(node, MemoryPolicy.nodeOfPage(seg, off).orElseThrow());
            }
            MemoryPolicy.Policy p = MemoryPolicy.policyOf(seg).orElseThrow();
            assertEquals(MemoryPolicy.Mode.BIND, p.mode());
            assertEquals(NodeSet.of(node), p.nodes());
        }
    }

    @Test
    void bindToEveryNodeWhenThereAreSeveral() {
        Topology t = topologyOrSkip();
        assumeTrue(t.nodes().size() > 1, () -> "one NUMA node here (" + t.summary() + "): cross-node binding cannot be checked");
        try (Arena arena = Arena.ofConfined()) {
            for (Topology.Node n : t.nodes()) {
                MemorySegment seg = arena.allocate(4 * PAGE, PAGE);
                Outcome<MemorySegment> bound = MemoryPolicy.bind(seg, NodeSet.of(n.id()));
                assumeSupported(bound);
                seg.fill((byte) 1);
                assertEquals(n.id(), MemoryPolicy.nodeOfPage(seg, 0).orElseThrow());
            }
        }
    }

    @Test
    void aNodeTheMachineLacksIsEinval() {
        Topology t = topologyOrSkip();
        int missing = t.nodes().get(t.nodes().size() - 1).id() + 1;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(PAGE, PAGE);
            Outcome<MemorySegment> r = MemoryPolicy.bind(seg, NodeSet.of(missing));
            assumeSupported(r);
            Outcome.Failed<?> f = assertInstanceOf(Outcome.Failed.class, r);
            assertEquals("mbind", f.error().call());
            assertEquals(Errno.EINVAL, f.error().errno());
        }
    }

    @Test
    void anUnalignedSegmentIsEinval() {
        Topology t = topologyOrSkip();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(2 * PAGE, PAGE).asSlice(8, PAGE);
            Outcome<MemorySegment> r = MemoryPolicy.bind(seg, NodeSet.of(t.nodes().get(0).id()));
            assumeSupported(r);
            assertEquals(Errno.EINVAL, assertInstanceOf(Outcome.Failed.class, r).error().errno());
        }
    }

    @Test
    void threadPolicySetAndReadBack() throws Exception {
        Topology t = topologyOrSkip();
        int node = t.nodes().get(0).id();
        OnFreshThread.run(() -> {
            Outcome<MemoryPolicy.Policy> before = MemoryPolicy.threadPolicy();
            assumeSupported(before);
            assertEquals(MemoryPolicy.Mode.DEFAULT, before.orElseThrow().mode());
            MemoryPolicy.Policy p = MemoryPolicy.setThreadPolicy(MemoryPolicy.Mode.PREFERRED, NodeSet.of(node)).orElseThrow();
            assertEquals(MemoryPolicy.Mode.PREFERRED, p.mode());
            assertEquals(NodeSet.of(node), p.nodes());
            assertEquals(MemoryPolicy.Mode.DEFAULT, MemoryPolicy.setThreadPolicy(MemoryPolicy.Mode.DEFAULT, NodeSet.empty()).orElseThrow().mode());
            // BIND with no nodes is meaningless: the kernel says EINVAL.
            Outcome.Failed<?> f = assertInstanceOf(Outcome.Failed.class, MemoryPolicy.setThreadPolicy(MemoryPolicy.Mode.BIND, NodeSet.empty()));
            assertEquals(Errno.EINVAL, f.error().errno());
        });
    }
}
