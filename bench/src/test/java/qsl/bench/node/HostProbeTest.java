package qsl.bench.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import qsl.affinity.CpuSet;
import qsl.affinity.Outcome;
import qsl.affinity.ThreadAffinity;

/** The host probes with tiny counts: each records as many samples as it was asked for (no duration is asserted). */
class HostProbeTest {
    @Test
    void wakeRecordsOneHandOffPerRound() throws Exception {
        Histogram h = HostProbe.wake(9, 50_000);
        assertEquals(9, h.getTotalCount());
    }

    @Test
    void timedParkRecordsOneOversleepPerRound() {
        Histogram h = HostProbe.timedPark(11, 50_000);
        assertEquals(11, h.getTotalCount());
    }

    @Test
    void spinRunsOncePerCpuThisThreadMayUse() throws Exception {
        List<HostProbe.Spin> spins = HostProbe.spin(2_000_000);
        Outcome<CpuSet> cpus = ThreadAffinity.currentAffinity();
        if (cpus instanceof Outcome.Ok<CpuSet> ok) {
            assertEquals(ok.value().size(), spins.size());
            int[] ids = ok.value().toArray();
            for (int i = 0; i < ids.length; i++) {
                HostProbe.Spin s = spins.get(i);
                assertEquals("pinned".equals(s.pinning()) ? ids[i] : -1, s.cpu(), s.pinning());
            }
        } else {
            assertEquals(1, spins.size());
        }
        for (HostProbe.Spin s : spins) {
            assertTrue(s.readings() > 0, "readings " + s.readings());
            assertTrue(s.gapsOver1ms() <= s.gapsOver10us(), s.toString());
            assertTrue(s.lostNanos() <= s.spunNanos(), s.toString());
            assertTrue(s.lostFraction() >= 0 && s.lostFraction() <= 1, s.toString());
        }
    }

    @Test
    void spinDuringSyncsSpinsEachCpuBesideAThreadThatSyncsOnAnother(@TempDir Path dir) throws Exception {
        List<HostProbe.SpinDuringSyncs> runs = HostProbe.spinDuringSyncs(dir, 20_000_000);
        Outcome<CpuSet> cpus = ThreadAffinity.currentAffinity();
        int expected = cpus instanceof Outcome.Ok<CpuSet> ok ? ok.value().size() : 1;
        assertEquals(expected, runs.size());
        for (HostProbe.SpinDuringSyncs r : runs) {
            assertTrue(r.syncCalls() > 0, "the syncer made no fdatasync call while CPU " + r.spin().cpu() + " spun");
            assertEquals(r.syncCalls(), r.syncs().getTotalCount());
            assertTrue(r.spin().readings() > 0);
            if (expected > 1 && "pinned".equals(r.spin().pinning())) {
                assertTrue(r.syncCpu() >= 0 && r.syncCpu() != r.spin().cpu(), "syncer on CPU " + r.syncCpu() + ", spinner on " + r.spin().cpu());
            }
        }
        assertTrue(Files.notExists(dir.resolve("host-probe-fdatasync.bin")), "probe file left behind");
    }

    @Test
    void spinTotalsAddTheCpusUp() {
        HostProbe.SpinTotals t = new HostProbe.SpinTotals();
        assertEquals(0, t.lostFraction());
        t.add(new HostProbe.Spin(0, "pinned", 1_000_000_000L, 10, 8, 1, 2_000_000, 100_000_000));
        t.add(new HostProbe.Spin(1, "pinned", 1_000_000_000L, 10, 4, 3, 5_000_000, 300_000_000));
        assertEquals(5000.0, t.maxGapMicros());
        assertEquals(6.0, t.gapsOver10usPerSecond(), 1e-9);
        assertEquals(2.0, t.gapsOver1msPerSecond(), 1e-9);
        assertEquals(0.2, t.lostFraction(), 1e-12);
        assertEquals(1, new HostProbe.Spin(1, "pinned", 2_000_000_000L, 10, 4, 3, 5_000_000, 300_000_000).row().get("cpu"));
    }

    @Test
    void syscallMakesTheCallsAskedFor() {
        HostProbe.Syscall s = HostProbe.syscall(10, 1234);
        assertNotNull(s, HostProbe.syscallUnavailableReason());
        assertEquals(1234, s.calls());
        assertTrue(s.nanosPerCall() > 0, s.toString());
    }
}
