package qsl.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PipelinedRecovery} hands the handler exactly what {@link WalRecovery} hands it (records,
 * order, sequences, types, bytes) and reports the same, over clean logs, every kind of run break
 * (segment rolls, skipped damage, records a snapshot covers) and handler failures.
 */
class PipelinedRecoveryTest {
    static final long SEGMENT = 64 << 10;

    @TempDir
    Path tmp;
    int copies;

    /** Every delivery as text: sequence, type, length and the payload's bytes. */
    static final class Transcript implements RecordHandler {
        final List<String> lines = new ArrayList<>();
        final Thread thread = Thread.currentThread();
        boolean otherThread;

        @Override
        public void onRecord(long sequence, int type, MemorySegment segment, long payloadOffset, int payloadLength) {
            if (Thread.currentThread() != thread) otherThread = true;
            byte[] b = new byte[payloadLength];
            MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, payloadOffset, b, 0, payloadLength);
            lines.add(sequence + " " + type + " " + payloadLength + " " + java.util.HexFormat.of().formatHex(b));
        }
    }

    Path log(String name, int n) {
        Path dir = tmp.resolve(name);
        try (WalWriter w = LogFixture.open(new WalConfig(dir, DurabilityMode.NONE, SEGMENT, 64, Long.MAX_VALUE))) {
            LogFixture.append(w, n, 0); // 1..40-byte payloads: every padding length, many rolls
            w.sync();
        }
        return dir;
    }

    /** Both recoveries of a copy of {@code dir} each (repair may change files); asserts they agree; returns the pipelined transcript. */
    List<String> same(Path dir, RecoveryMode mode, long from, boolean repair) throws Exception {
        int k = copies++;
        Path a = copy(dir, dir.getFileName() + "-a" + k);
        Path b = copy(dir, dir.getFileName() + "-b" + k);
        Transcript one = new Transcript();
        Transcript two = new Transcript();
        RecoveryReport r1 = WalRecovery.recover(a, mode, from, one, repair);
        RecoveryReport r2 = PipelinedRecovery.recover(b, mode, from, two, repair);
        assertEquals(r1, r2, "the same report");
        assertEquals(one.lines, two.lines, "the same records, in the same order, with the same bytes");
        assertFalse(two.otherThread, "the handler runs on the calling thread");
        assertEquals(DamageCasesTest.bytes(a).length, DamageCasesTest.bytes(b).length);
        assertTrue(java.util.Arrays.equals(DamageCasesTest.bytes(a), DamageCasesTest.bytes(b)), "the same repair");
        return two.lines;
    }

    Path copy(Path dir, String name) throws Exception {
        Path to = tmp.resolve(name);
        Files.createDirectories(to);
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) Files.copy(p, to.resolve(p.getFileName()));
        }
        return to;
    }

    @Test
    void aCleanLogOfManySegmentsAndRuns() throws Exception {
        Path dir = log("clean", 5_000);
        assertTrue(SegmentFiles.list(dir).length >= 3, "several segments");
        List<String> all = same(dir, RecoveryMode.ABSOLUTE_CONSISTENCY, 1, false);
        assertEquals(5_000, all.size());
        assertTrue(all.get(4_999).startsWith("5000 7 "), all.get(4_999));
        List<String> tail = same(dir, RecoveryMode.ABSOLUTE_CONSISTENCY, 4_321, false);
        assertEquals(680, tail.size(), "records from the snapshot's next sequence on");
        assertTrue(tail.get(0).startsWith("4321 7 "), tail.get(0));
        assertEquals(0, same(dir, RecoveryMode.ABSOLUTE_CONSISTENCY, 5_001, false).size());
    }

    @Test
    void anEmptyDirectoryAndAMissingOne() throws Exception {
        Files.createDirectories(tmp.resolve("empty"));
        assertEquals(0, same(tmp.resolve("empty"), RecoveryMode.ABSOLUTE_CONSISTENCY, 1, false).size());
        RecoveryReport r = PipelinedRecovery.recover(tmp.resolve("nowhere"), RecoveryMode.ABSOLUTE_CONSISTENCY, 1, RecordHandler.NONE, false);
        assertEquals(WalRecovery.recover(tmp.resolve("nowhere"), RecoveryMode.ABSOLUTE_CONSISTENCY, 1, RecordHandler.NONE, false), r);
    }

    @Test
    void skippedDamageBreaksRunsAndEveryModeAgrees() throws Exception {
        Path dir = log("damaged", 3_000);
        // Damage a record in the middle of segment 1 and one near the end of the log.
        long[] frames = frameOffsets(dir, 1);
        DamageCasesTest.flip(LogFixture.seg(dir, 1), frames[frames.length / 2] + 20);
        long last = SegmentFiles.list(dir)[SegmentFiles.list(dir).length - 1];
        long[] lastFrames = frameOffsets(dir, last);
        DamageCasesTest.flip(LogFixture.seg(dir, last), lastFrames[lastFrames.length - 3] + 26);
        List<String> skipped = same(dir, RecoveryMode.SKIP_ANY_CORRUPTED_RECORDS, 1, false);
        assertEquals(2_998, skipped.size(), "every record but the two damaged ones");
        for (RecoveryMode m : RecoveryMode.values()) {
            same(dir, m, 1, false);
            same(dir, m, 1, true);
        }
    }

    @Test
    void aTornTailIsRepairedAlike() throws Exception {
        Path dir = log("torn", 1_000);
        long last = SegmentFiles.list(dir)[SegmentFiles.list(dir).length - 1];
        long[] f = frameOffsets(dir, last);
        DamageCasesTest.flip(LogFixture.seg(dir, last), f[f.length - 1] + 25);
        List<String> got = same(dir, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, 1, true);
        assertEquals(999, got.size());
    }

    @Test
    void aHandlerExceptionStopsTheScanAndPropagates() throws Exception {
        Path dir = log("throws", 4_000).toAbsolutePath();
        IllegalStateException boom = new IllegalStateException("boom");
        List<Long> seen = new ArrayList<>();
        RecordHandler h = (seq, type, seg, off, len) -> {
            seen.add(seq);
            if (seq == 1_234) throw boom;
        };
        IllegalStateException got = assertThrows(IllegalStateException.class,
                () -> PipelinedRecovery.recover(dir, RecoveryMode.ABSOLUTE_CONSISTENCY, 1, h, false));
        assertSame(boom, got);
        assertEquals(1_234, seen.size(), "nothing after the record the handler threw on");
        assertEquals(1_234L, seen.get(seen.size() - 1));
        assertFalse(scannerAlive(), "the scanning thread is gone");
        if (Files.isReadable(Path.of("/proc/self/maps"))) {
            assertEquals(0, Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.contains(dir.toString())).count(),
                    "every mapping is released");
        }
        // And the log reads back whole afterwards.
        assertEquals(4_000, same(dir, RecoveryMode.ABSOLUTE_CONSISTENCY, 1, false).size());
    }

    @Test
    void aHandlerThatThrowsAtTheLastRecordAndOneThatThrowsAnError() throws Exception {
        Path dir = log("last", 700);
        RecordHandler atLast = (seq, type, seg, off, len) -> {
            if (seq == 700) throw new ArithmeticException("last");
        };
        assertThrows(ArithmeticException.class, () -> PipelinedRecovery.recover(dir, RecoveryMode.ABSOLUTE_CONSISTENCY, 1, atLast, false));
        RecordHandler error = (seq, type, seg, off, len) -> {
            if (seq == 3) throw new AssertionError("error");
        };
        assertThrows(AssertionError.class, () -> PipelinedRecovery.recover(dir, RecoveryMode.ABSOLUTE_CONSISTENCY, 1, error, false));
        assertFalse(scannerAlive());
    }

    static boolean scannerAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("qsl-wal-scan") && t.isAlive());
    }

    /** Offsets of every record frame in segment {@code index}. */
    static long[] frameOffsets(Path dir, long index) throws Exception {
        byte[] b = Files.readAllBytes(SegmentFiles.path(dir, index));
        MemorySegment m = MemorySegment.ofArray(b);
        List<Long> out = new ArrayList<>();
        long p = SegmentDescriptor.LENGTH;
        while (p + RecordDescriptor.HEADER_LENGTH <= b.length && RecordDescriptor.length(m, p) != 0) {
            out.add(p);
            p += RecordDescriptor.frameLength(RecordDescriptor.length(m, p));
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }
}
