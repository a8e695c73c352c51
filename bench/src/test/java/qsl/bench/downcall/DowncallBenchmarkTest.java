package qsl.bench.downcall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import qsl.affinity.CpuSet;
import qsl.affinity.ThreadAffinity;
import qsl.perf.alloc.ChildJvm;

/** The benchmark bodies answer what the kernel says, agree with jnr, and allocate nothing. */
class DowncallBenchmarkTest {

    private static void assumeGetcpu() {
        assumeTrue(DowncallBenchmark.GETCPU != null, () -> "no sched_getcpu here: " + DowncallBenchmark.SCHED_GETCPU.unavailableReason());
    }

    @Test
    void everyVariantAgreesOnAPinnedThread() throws Exception {
        assumeGetcpu();
        CpuSet allowed = ThreadAffinity.currentAffinity().orElseThrow();
        List<String> failures = new ArrayList<>();
        Thread t = new Thread(() -> {
            DowncallBenchmark b = new DowncallBenchmark();
            b.setup();
            for (int cpu : allowed.toArray()) {
                ThreadAffinity.pinCurrentThread(cpu).orElseThrow();
                try {
                    int[] seen = {b.ffmSchedGetcpu(), b.ffmCriticalSchedGetcpu(), b.cpuProbe(), b.jnrSchedGetcpu()};
                    for (int s : seen) if (s != cpu) failures.add("pinned to " + cpu + " but a variant said " + s);
                } catch (Throwable e) {
                    failures.add(e.toString());
                }
            }
        });
        t.start();
        t.join();
        assertEquals(List.of(), failures);
    }

    @Test
    void getpidAgreesWithJnrPosixAndTheJdk() throws Throwable {
        DowncallBenchmark b = new DowncallBenchmark();
        b.setup();
        assertEquals(ProcessHandle.current().pid(), b.ffmGetpid());
        assertEquals(b.ffmGetpid(), b.jnrPosixGetpid());
        assertEquals(Thread.currentThread().threadId(), b.threadId());
    }

    @Test
    void theFfmCallsAllocateNothingUnderEpsilon() throws Exception {
        assumeGetcpu();
        // -Xbatch: a method that reaches its compile threshold waits for its compiled code, so the
        // warm-up ends compiled however slowly a loaded host's compiler threads get a core (without
        // it, a starved C2 left the measured windows interpreted, and their allocation ran the heap out).
        List<String> jvm = new ArrayList<>(ChildJvm.epsilon(48));
        jvm.add("-Xbatch");
        ChildJvm.Result r = ChildJvm.run(DowncallNoAllocationMain.class, jvm, List.of("5000000"), 120);
        assertTrue(r.ok(), () -> "child failed (an allocating call exhausts the Epsilon heap): " + r.stderr() + r.stdout());
        String line = r.stdout().lines().filter(l -> l.startsWith("allocated ")).findFirst().orElseThrow();
        long bytes = Long.parseLong(line.split(" ")[1]);
        // 15 million calls: even one byte per call would show as megabytes.
        assertTrue(bytes < 64 * 1024, line);
    }
}
