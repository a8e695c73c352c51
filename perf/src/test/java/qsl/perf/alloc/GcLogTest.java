package qsl.perf.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcLogTest {

    static final String G1 = """
            [0.004s][info][gc] Using G1
            [0.120s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->3M(256M) 2.345ms
            [0.300s][info][gc] GC(1) Pause Young (Concurrent Start) (G1 Humongous Allocation) 30M->4M(256M) 1.500ms
            [0.301s][info][gc] GC(2) Concurrent Mark Cycle
            [0.310s][info][gc] GC(2) Pause Remark 5M->5M(256M) 0.800ms
            [0.312s][info][gc] GC(2) Pause Cleanup 5M->5M(256M) 0.100ms
            [0.313s][info][gc] GC(2) Concurrent Mark Cycle 12.000ms
            [1.000s][info][gc] GC(3) Pause Full (System.gc()) 6M->2M(20M) 7.250ms
            not a log line at all [
            """;

    @Test
    void countsCollectionsAndPauses() {
        GcLog.Summary s = GcLog.parse(G1);
        assertEquals("G1", s.collector());
        assertEquals(4, s.collections());
        assertEquals(5, s.pauseCount(), s.pauses()::toString);
        assertEquals(2.345 + 1.5 + 0.8 + 0.1 + 7.25, s.totalPauseMillis(), 1e-9);
        assertEquals(7.25, s.maxPauseMillis(), 1e-12);
        assertEquals("Pause Young (Normal) (G1 Evacuation Pause)", s.pauses().get(0).kind());
        assertEquals("Pause Full (System.gc())", s.pauses().get(4).kind());
        assertEquals(3, s.pauses().get(4).gcId());
    }

    @Test
    void epsilonAndEmptyLogsHaveNoCollections() {
        GcLog.Summary e = GcLog.parse("[0.003s][info][gc] Using Epsilon\n[0.003s][warning][gc,init] Consider enabling -XX:+AlwaysPreTouch\n"
                + "[2.1s][info][gc] Heap: 32M reserved, 32M (100.00%) committed, 1234K (3.77%) used\n");
        assertEquals("Epsilon", e.collector());
        assertTrue(e.noCollections());
        assertTrue(GcLog.parse("").noCollections());
        assertTrue(GcLog.parse(null).noCollections());
        assertEquals("unknown", GcLog.parse("garbage\n[[[").collector());
    }

    @Test
    void decorationsOfAnyKindAreStripped() {
        GcLog.Summary s = GcLog.parse("[2026-11-24T21:00:00.000+0000][0.5s][1234][info][gc] GC(7) Pause Young (Normal) 1M->1M(2M) 0.5ms\r\n");
        assertEquals(1, s.pauseCount());
        assertEquals(0.5, s.totalPauseMillis(), 1e-12);
    }

    @Test
    void readsARealChildsLog(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("gc.log");
        List<String> flags = new java.util.ArrayList<>(List.of("-XX:+UseSerialGC", "-Xmx64m"));
        flags.addAll(ChildJvm.gcLog(log));
        ChildJvm.Result r = ChildJvm.run(GcChurn.class, flags, List.of("3"), 60);
        assertTrue(r.ok(), r::stderr);
        GcLog.Summary s = GcLog.parse(Files.readString(log));
        assertEquals("Serial", s.collector());
        assertTrue(s.pauseCount() >= 3, "three System.gc() calls are three pauses at least: " + s);
    }
}
