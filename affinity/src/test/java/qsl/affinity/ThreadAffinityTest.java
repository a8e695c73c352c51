package qsl.affinity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import qsl.offheap.ffi.Errno;

/** sched_setaffinity / getaffinity / getcpu and gettid against what /proc says. */
class ThreadAffinityTest {

    static CpuSet allowedOrSkip() {
        Outcome<CpuSet> now = ThreadAffinity.currentAffinity();
        assumeTrue(!(now instanceof Outcome.Unsupported), () -> "sched_getaffinity unavailable here: " + now.describe());
        return now.orElseThrow();
    }

    @Test
    void maskIsSizedFromPossibleCpus() throws Exception {
        assumeTrue(LinuxCalls.LINUX, "not Linux: no /sys/devices/system/cpu/possible");
        CpuSet possible = CpuSet.parse(java.nio.file.Files.readString(java.nio.file.Path.of("/sys/devices/system/cpu/possible")));
        assertEquals(((possible.max() + 64) / 64) * 8L, ThreadAffinity.maskBytes());
        assertTrue(ThreadAffinity.maskBytes() * 8 > possible.max());
    }

    @Test
    void getAffinityMatchesProc() throws Exception {
        CpuSet allowed = allowedOrSkip();
        int tid = ThreadAffinity.threadId().orElseThrow();
        assertEquals(Procfs.allowedList(tid), allowed);
        assertFalse(allowed.isEmpty());
    }

    @Test
    void setThenGetAffinityOnEveryAllowedCpu() throws Exception {
        CpuSet allowed = allowedOrSkip();
        OnFreshThread.run(() -> {
            for (int cpu : allowed.toArray()) {
                Outcome<CpuSet> pinned = ThreadAffinity.pinCurrentThread(cpu);
                assertEquals(new Outcome.Ok<>(CpuSet.of(cpu)), pinned, pinned.describe());
                assertEquals(CpuSet.of(cpu), ThreadAffinity.currentAffinity().orElseThrow());
            }
            // Back to the whole set: the read-back is the set asked for.
            assertEquals(allowed, ThreadAffinity.pinCurrentThread(allowed).orElseThrow());
            assertEquals(allowed, Procfs.allowedList(ThreadAffinity.threadId().orElseThrow()));
        });
    }

    @Test
    void schedGetcpuAgreesWithProcStatForAPinnedThread() throws Exception {
        CpuSet allowed = allowedOrSkip();
        Outcome<CpuProbe> probe = CpuProbe.create();
        assumeTrue(probe.isOk(), () -> "sched_getcpu unavailable: " + probe.describe());
        OnFreshThread.run(() -> {
            int tid = ThreadAffinity.threadId().orElseThrow();
            for (int cpu : allowed.toArray()) {
                ThreadAffinity.pinCurrentThread(cpu).orElseThrow();
                assertEquals(cpu, ThreadAffinity.currentCpu().orElseThrow());
                assertEquals(cpu, probe.orElseThrow().currentCpu());
                // The kernel's own record of where this thread ran.
                assertEquals(cpu, Procfs.lastCpu(tid));
            }
        });
    }

    @Test
    void anEmptyCpuSetIsEinvalAsAValue() throws Exception {
        allowedOrSkip();
        OnFreshThread.run(() -> {
            CpuSet before = ThreadAffinity.currentAffinity().orElseThrow();
            Outcome<CpuSet> r = ThreadAffinity.pinCurrentThread(CpuSet.empty());
            Outcome.Failed<?> failed = assertInstanceOf(Outcome.Failed.class, r);
            assertEquals(Errno.EINVAL, failed.error().errno());
            assertEquals("EINVAL", failed.error().errnoName());
            assertEquals("sched_setaffinity", failed.error().call());
            assertTrue(r.describe().contains("EINVAL"), r.describe());
            // A failed call leaves the affinity as it was.
            assertEquals(before, ThreadAffinity.currentAffinity().orElseThrow());
        });
    }

    @Test
    void aCpuBeyondTheMachineIsEinval() throws Exception {
        allowedOrSkip();
        OnFreshThread.run(() -> {
            // Far beyond every possible CPU: the mask grows to hold it and the kernel finds no usable CPU.
            int beyond = (int) (ThreadAffinity.maskBytes() * 8) + 100;
            Outcome.Failed<?> f = assertInstanceOf(Outcome.Failed.class, ThreadAffinity.pinCurrentThread(beyond));
            assertEquals(Errno.EINVAL, f.error().errno());
            Outcome.Failed<?> negative = assertInstanceOf(Outcome.Failed.class, ThreadAffinity.pinCurrentThread(-1));
            assertEquals(Errno.EINVAL, negative.error().errno());
        });
    }

    @Test
    void threadIdIsTheKernelsAndDiffersPerThread() throws Exception {
        Outcome<Integer> tid = ThreadAffinity.threadId();
        assumeTrue(tid.isOk(), () -> "gettid unavailable: " + tid.describe());
        assertEquals(Procfs.threadSelfTid(), tid.orElseThrow());
        int[] other = new int[2];
        OnFreshThread.run(() -> {
            other[0] = ThreadAffinity.threadId().orElseThrow();
            other[1] = Procfs.threadSelfTid();
        });
        assertEquals(other[1], other[0]);
        assertTrue(other[0] != tid.orElseThrow());
        assertEquals((int) ProcessHandle.current().pid(), ThreadAffinity.processId().orElseThrow());
    }

    @Test
    void pinningFactoryThreadsRunWhereTheyWerePinned() throws Exception {
        CpuSet allowed = allowedOrSkip();
        int cpu = allowed.max();
        PinningThreadFactory factory = new PinningThreadFactory("pinned", CpuSet.of(cpu), true);
        int[] seen = {-2, -2};
        Thread t = factory.newThread(() -> {
            seen[0] = ThreadAffinity.currentCpu().orElse(-1);
            seen[1] = ThreadAffinity.currentAffinity().orElseThrow().size();
        });
        t.start();
        t.join();
        assertEquals(cpu, seen[0]);
        assertEquals(1, seen[1]);
        assertEquals(1, factory.outcomes().size());
        assertEquals("pinned-0", factory.outcomes().get(0).threadName());
        assertEquals(new Outcome.Ok<>(CpuSet.of(cpu)), factory.outcomes().get(0).outcome());
    }

    @Test
    void aFactoryWhosePinFailsStillRunsAndSaysWhy() throws Exception {
        allowedOrSkip();
        PinningThreadFactory factory = new PinningThreadFactory("bad", CpuSet.empty(), true);
        boolean[] ran = {false};
        Thread t = factory.newThread(() -> ran[0] = true);
        t.start();
        t.join();
        assertTrue(ran[0]);
        Outcome.Failed<?> f = assertInstanceOf(Outcome.Failed.class, factory.outcomes().get(0).outcome());
        assertEquals(Errno.EINVAL, f.error().errno());
    }
}
