package qsl.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged logs: each fault gives the promised typed report, and no exception escapes. */
class WalFaultTest {
    static final long SEG = 64 << 10;

    @TempDir
    Path tmp;

    /** On tmpfs when there is one: these tests exercise the logic thousands of times, not the disk's syncs. */
    private Path root;

    @org.junit.jupiter.api.BeforeEach
    void pickRoot() throws IOException {
        Path shm = Path.of("/dev/shm");
        root = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "qsl-walfault-") : tmp;
    }

    @org.junit.jupiter.api.AfterEach
    void dropRoot() throws IOException {
        if (root != tmp) {
            try (Stream<Path> s = Files.walk(root)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private Path fresh(String name) throws IOException {
        Path d = root.resolve(name);
        if (Files.exists(d)) {
            try (Stream<Path> s = Files.walk(d)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(d);
        return d;
    }

    private static WalConfig cfg(Path dir) {
        return new WalConfig(dir, DurabilityMode.NONE, SEG, 256, 1_000_000L);
    }

    @Test
    void aMiddleSegmentCutShortIsDamageWhereItsFileEnds() throws IOException {
        // A power loss can leave a middle segment's file truncated (its size shrunk mid-record)
        // while a later segment file survives. The damage is where the short file ends, not at
        // the next segment: a salvage must cut there, and the repaired log must verify clean.
        Path d = fresh("short-middle");
        List<long[]> frames;
        try (WalWriter w = LogFixture.open(cfg(d))) {
            frames = LogFixture.append(w, 6000, 0);
            assertTrue(w.segmentIndex() >= 2, "at least three segments");
        }
        long[] victim = null;
        for (long[] f : frames) {
            if (f[0] == 1 && victim == null && f[3] > 10 && frames.get(frames.indexOf(f) + 1)[0] == 1) victim = f;
        }
        assertTrue(victim != null, "a record inside segment 1");
        long cut = victim[1] + 19; // part of the record's header survives
        byte[] image = Files.readAllBytes(LogFixture.seg(d, 1));
        Files.write(LogFixture.seg(d, 1), java.util.Arrays.copyOf(image, (int) cut));

        // Valid records still follow (in segment 2): corruption, named at the short file's end.
        RecoveryReport r = WalRecovery.recover(d, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, 1, RecordHandler.NONE, true);
        assertEquals(RecoveryReport.Kind.CORRUPT, r.kind(), r.summary());
        assertEquals(1, r.segment(), r.summary());
        assertEquals(victim[1], r.offset(), r.summary());
        assertTrue(Files.exists(LogFixture.seg(d, 2)), "refusing changes nothing");
        // Point-in-time keeps the prefix, cuts at the damage and drops the later segments.
        RecoveryReport p = WalRecovery.recover(d, RecoveryMode.POINT_IN_TIME_RECOVERY, 1, RecordHandler.NONE, true);
        assertEquals(RecoveryReport.Kind.SALVAGED, p.kind(), p.summary());
        assertEquals(victim[3] - 1, p.lastSequence(), p.summary());
        assertFalse(Files.exists(LogFixture.seg(d, 2)), "segments after the cut are gone");
        RecoveryReport again = WalRecovery.verify(d, RecoveryMode.ABSOLUTE_CONSISTENCY);
        assertEquals(RecoveryReport.Kind.CLEAN, again.kind(), again.summary());
        assertEquals(victim[3] - 1, again.lastSequence());
    }

    @Test
    void cleanLogRoundTripsAcrossSegments() throws IOException {
        Path d = fresh("clean");
        try (WalWriter w = LogFixture.open(cfg(d))) {
            LogFixture.append(w, 3000, 0);
            assertTrue(w.segmentIndex() >= 1, "several segments");
        }
        LogFixture.Collector c = new LogFixture.Collector();
        RecoveryReport r = WalRecovery.recover(d, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, 1, c, true);
        assertEquals(RecoveryReport.Kind.CLEAN, r.kind(), r.summary());
        assertEquals(3000, r.lastSequence());
        assertEquals(3000, c.sequences.size());
        assertEquals(0, c.badPayloads);
        assertFalse(r.repaired());
        // fromSequence skips delivery but still verifies.
        LogFixture.Collector tail = new LogFixture.Collector();
        RecoveryReport r2 = WalRecovery.recover(d, RecoveryMode.ABSOLUTE_CONSISTENCY, 2001, tail, false);
        assertEquals(RecoveryReport.Kind.CLEAN, r2.kind());
        assertEquals(1000, tail.sequences.size());
        assertEquals(2001L, tail.sequences.get(0));
        assertEquals(3000, r2.recordsVerified());
        // And the writer continues where it stopped.
        try (WalWriter w = LogFixture.open(cfg(d))) {
            assertEquals(3001, w.nextSequence());
            LogFixture.append(w, 10, 0);
        }
        assertEquals(3010, WalRecovery.verify(d, RecoveryMode.ABSOLUTE_CONSISTENCY).lastSequence());
    }

    @Test
    void emptyDirectoryAndZeroFilledPreallocationAreClean() throws IOException {
        Path d = fresh("empty");
        assertEquals(RecoveryReport.Kind.EMPTY, WalRecovery.verify(d, RecoveryMode.ABSOLUTE_CONSISTENCY).kind());
        try (WalWriter w = LogFixture.open(cfg(d))) {
            assertEquals(1, w.nextSequence());
        }
        // A segment with a header and nothing but preallocated zeros.
        assertEquals(RecoveryReport.Kind.EMPTY, WalRecovery.verify(d, RecoveryMode.ABSOLUTE_CONSISTENCY).kind());
        try (WalWriter w = LogFixture.open(cfg(d))) {
            LogFixture.append(w, 5, 0);
        }
        RecoveryReport r = WalRecovery.verify(d, RecoveryMode.ABSOLUTE_CONSISTENCY);
        assertEquals(RecoveryReport.Kind.CLEAN, r.kind(), "zero-filled preallocated tail is not damage");
        assertEquals(SEG, Files.size(LogFixture.seg(d, 0)));
    }

    /** Cuts the log at every byte offset, both as a shorter file and as zeros from the cut on. */
    @Test
    void truncationAtEveryByteOffsetRecoversExactlyTheWholeRecordsBeforeIt() throws IOException {
        Path src = fresh("trunc-src");
        List<long[]> frames;
        try (WalWriter w = LogFixture.open(cfg(src))) {
            frames = LogFixture.append(w, 16, 0);
        }
        byte[] image = Files.readAllBytes(LogFixture.seg(src, 0));
        long end = frames.get(frames.size() - 1)[1] + RecordDescriptor.frameLength((int) frames.get(frames.size() - 1)[2]);
        for (int zeroFill = 0; zeroFill < 2; zeroFill++) {
            for (int cut = 0; cut <= end; cut++) {
                Path d = fresh("trunc");
                byte[] copy = image.clone();
                if (zeroFill == 1) {
                    java.util.Arrays.fill(copy, cut, copy.length, (byte) 0);
                    Files.write(LogFixture.seg(d, 0), copy);
                } else {
                    Files.write(LogFixture.seg(d, 0), java.util.Arrays.copyOf(copy, cut));
                }
                long expect = 0;
                for (long[] f : frames) {
                    long need = zeroFill == 1 ? f[1] + RecordDescriptor.HEADER_LENGTH + f[2] : f[1] + RecordDescriptor.frameLength((int) f[2]);
                    // A zeroed cut inside the padding leaves the padding as it was (zero): still whole.
                    if (need <= cut) expect++;
                }
                LogFixture.Collector c = new LogFixture.Collector();
                RecoveryReport r = WalRecovery.recover(d, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, 1, c, true);
                String ctx = "cut " + cut + " zeroFill " + zeroFill + ": " + r.summary();
                assertEquals(expect, r.lastSequence(), ctx);
                assertEquals(expect, c.sequences.size(), ctx);
                assertEquals(0, c.badPayloads, ctx);
                boolean clean = zeroFill == 1 && (cut >= end || cut == SegmentDescriptor.LENGTH || withinPadding(frames, cut));
                RecoveryReport.Kind want = clean ? (expect == 0 ? RecoveryReport.Kind.EMPTY : RecoveryReport.Kind.CLEAN)
                        : RecoveryReport.Kind.TORN_TAIL_REPAIRED;
                assertEquals(want, r.kind(), ctx);
                // Repair leaves a clean log that accepts appends at the next sequence.
                RecoveryReport again = WalRecovery.verify(d, RecoveryMode.ABSOLUTE_CONSISTENCY);
                assertTrue(again.kind() == RecoveryReport.Kind.CLEAN || again.kind() == RecoveryReport.Kind.EMPTY, ctx + " then " + again.summary());
                assertEquals(expect, again.lastSequence(), ctx);
                if (cut % 97 == 0) {
                    WalWriter.Open o = WalWriter.open(cfg(d), 0);
                    WalWriter w = assertInstanceOf(WalWriter.Open.Ready.class, o, ctx + " " + o).writer();
                    assertEquals(expect + 1, w.nextSequence(), ctx);
                    LogFixture.append(w, 3, 0);
                    w.close();
                    assertEquals(RecoveryReport.Kind.CLEAN, WalRecovery.verify(d, RecoveryMode.ABSOLUTE_CONSISTENCY).kind(), ctx);
                }
            }
        }
    }

    /** True when zeroing from {@code cut} on removes only whole records (the cut is at a frame end, or in zero padding). */
    private static boolean withinPadding(List<long[]> frames, int cut) {
        for (long[] f : frames) {
            long need = f[1] + RecordDescriptor.HEADER_LENGTH + f[2];
            if (need <= cut && cut <= f[1] + RecordDescriptor.frameLength((int) f[2])) return true;
        }
        return false;
    }

    /** Every single-bit flip in a middle record is corruption (good records follow); in the last record, a torn tail. */
    @Test
    void everyBitFlipOfOneRecordIsDetected() throws IOException {
        Path src = fresh("flip-src");
        List<long[]> frames;
        try (WalWriter w = LogFixture.open(cfg(src))) {
            frames = LogFixture.append(w, 12, 0);
        }
        byte[] image = Files.readAllBytes(LogFixture.seg(src, 0));
        for (int which : new int[] {5, 11}) {
            long[] f = frames.get(which);
            int start = (int) f[1];
            int len = RecordDescriptor.frameLength((int) f[2]);
            for (int bit = 0; bit < len * 8; bit++) {
                Path d = fresh("flip");
                byte[] copy = image.clone();
                copy[start + bit / 8] ^= (byte) (1 << (bit % 8));
                Files.write(LogFixture.seg(d, 0), copy);
                LogFixture.Collector c = new LogFixture.Collector();
                RecoveryReport r = WalRecovery.recover(d, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, 1, c, true);
                String ctx = "record " + which + " bit " + bit + ": " + r.summary();
                assertEquals(which, c.sequences.size(), ctx);
                assertEquals(0, c.badPayloads, ctx);
                assertEquals(0, r.segment(), ctx);
                assertEquals(start, r.offset(), ctx);
                if (which == 11) {
                    assertEquals(RecoveryReport.Kind.TORN_TAIL_REPAIRED, r.kind(), ctx);
                } else {
                    assertEquals(RecoveryReport.Kind.CORRUPT, r.kind(), ctx);
                    assertFalse(r.repaired(), ctx);
                    assertTrue(java.util.Arrays.equals(copy, Files.readAllBytes(LogFixture.seg(d, 0))), "corrupt log left untouched: " + ctx);
                    assertInstanceOf(WalWriter.Open.NeedsRecovery.class, WalWriter.open(cfg(d), 0), ctx);
                }
            }
        }
        // The salvage modes on one middle flip say exactly what they dropped.
        long[] f = frames.get(5);
        for (RecoveryMode m : new RecoveryMode[] {RecoveryMode.POINT_IN_TIME_RECOVERY, RecoveryMode.SKIP_ANY_CORRUPTED_RECORDS}) {
            Path d = fresh("flip-salvage");
            byte[] copy = image.clone();
            copy[(int) f[1] + 30] ^= 4;
            Files.write(LogFixture.seg(d, 0), copy);
            LogFixture.Collector c = new LogFixture.Collector();
            RecoveryReport r = WalRecovery.recover(d, m, 1, c, true);
            assertEquals(RecoveryReport.Kind.SALVAGED, r.kind(), r.summary());
            assertEquals(0, c.badPayloads);
            if (m == RecoveryMode.POINT_IN_TIME_RECOVERY) {
                assertEquals(5, c.sequences.size());
                assertEquals(6, r.recordsDropped(), "sequences 7..12 were valid and dropped");
                assertEquals(5, r.lastSequence());
                assertEquals(RecoveryReport.Kind.CLEAN, WalRecovery.verify(d, RecoveryMode.ABSOLUTE_CONSISTENCY).kind());
            } else {
                assertEquals(11, c.sequences.size());
                assertFalse(c.sequences.contains(6L));
                assertEquals(1, r.dropped().size());
                assertEquals(6, r.dropped().get(0).firstSequence());
                assertEquals(6, r.dropped().get(0).lastSequence());
                assertEquals(12, r.lastSequence());
            }
        }
        // Absolute consistency refuses even a torn tail, and changes nothing.
        Path d = fresh("flip-absolute");
        byte[] copy = image.clone();
        copy[(int) frames.get(11)[1] + 26] ^= 1;
        Files.write(LogFixture.seg(d, 0), copy);
        RecoveryReport r = WalRecovery.recover(d, RecoveryMode.ABSOLUTE_CONSISTENCY, 1, RecordHandler.NONE, true);
        assertEquals(RecoveryReport.Kind.TORN_TAIL, r.kind());
        assertTrue(java.util.Arrays.equals(copy, Files.readAllBytes(LogFixture.seg(d, 0))));
    }

    @Test
    void garbageAfterTheLastRecordIsATornTailAndAHoleBeforeGoodRecordsIsCorruption() throws IOException {
        Path d = fresh("garbage");
        List<long[]> frames;
        try (WalWriter w = LogFixture.open(cfg(d))) {
            frames = LogFixture.append(w, 10, 0);
        }
        long end = frames.get(9)[1] + RecordDescriptor.frameLength((int) frames.get(9)[2]);
        try (RandomAccessFile f = new RandomAccessFile(LogFixture.seg(d, 0).toFile(), "rw")) {
            f.seek(end + 4096);
            f.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        }
        RecoveryReport r = WalRecovery.recover(d, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, 1, RecordHandler.NONE, true);
        assertEquals(RecoveryReport.Kind.TORN_TAIL_REPAIRED, r.kind(), r.summary());
        assertEquals(end, r.offset());
        assertEquals(10, r.lastSequence());
        assertEquals(RecoveryReport.Kind.CLEAN, WalRecovery.verify(d, RecoveryMode.ABSOLUTE_CONSISTENCY).kind());
        // Zero a middle record (a page that never reached the disk) with good records after it.
        try (RandomAccessFile f = new RandomAccessFile(LogFixture.seg(d, 0).toFile(), "rw")) {
            f.seek(frames.get(4)[1]);
            f.write(new byte[RecordDescriptor.frameLength((int) frames.get(4)[2])]);
        }
        RecoveryReport hole = WalRecovery.recover(d, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, 1, RecordHandler.NONE, true);
        assertEquals(RecoveryReport.Kind.CORRUPT, hole.kind(), hole.summary());
        assertEquals(frames.get(4)[1], hole.offset());
        assertEquals(4, hole.lastSequence());
    }

    @Test
    void missingMiddleSegmentIsReportedNeverSkipped() throws IOException {
        Path d = fresh("missing");
        try (WalWriter w = LogFixture.open(cfg(d))) {
            LogFixture.append(w, 200, 900);
            assertTrue(w.segmentIndex() >= 2);
        }
        long firstOf2;
        LogFixture.Collector all = new LogFixture.Collector(900);
        WalRecovery.recover(d, RecoveryMode.ABSOLUTE_CONSISTENCY, 1, all, false);
        assertEquals(200, all.sequences.size());
        byte[] seg1 = Files.readAllBytes(LogFixture.seg(d, 1));
        firstOf2 = java.nio.ByteBuffer.wrap(Files.readAllBytes(LogFixture.seg(d, 2))).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .getLong(SegmentDescriptor.FIRST_SEQUENCE_OFFSET);
        long firstOf1 = java.nio.ByteBuffer.wrap(seg1).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(SegmentDescriptor.FIRST_SEQUENCE_OFFSET);
        Files.delete(LogFixture.seg(d, 1));
        for (RecoveryMode m : RecoveryMode.values()) {
            LogFixture.Collector c = new LogFixture.Collector(900);
            RecoveryReport r = WalRecovery.recover(d, m, 1, c, false);
            assertEquals(0, c.badPayloads);
            switch (m) {
                case TOLERATE_CORRUPTED_TAIL_RECORDS, ABSOLUTE_CONSISTENCY -> {
                    assertEquals(RecoveryReport.Kind.CORRUPT, r.kind(), r.summary());
                    assertEquals(1, r.segment());
                    assertEquals(0, r.offset());
                    assertEquals(firstOf1 - 1, r.lastSequence());
                    assertEquals(firstOf1 - 1, c.sequences.size());
                }
                case POINT_IN_TIME_RECOVERY -> {
                    assertEquals(RecoveryReport.Kind.SALVAGED, r.kind(), r.summary());
                    assertEquals(firstOf1 - 1, r.lastSequence());
                    assertEquals(200 - firstOf2 + 1, r.recordsDropped());
                }
                case SKIP_ANY_CORRUPTED_RECORDS -> {
                    assertEquals(RecoveryReport.Kind.SALVAGED, r.kind(), r.summary());
                    assertEquals(200 - (firstOf2 - firstOf1), c.sequences.size());
                    assertEquals(firstOf1, r.dropped().get(0).firstSequence());
                    assertEquals(firstOf2 - 1, r.dropped().get(0).lastSequence());
                    assertEquals(200, r.lastSequence());
                }
            }
        }
        assertTrue(Files.exists(LogFixture.seg(d, 2)), "read-only runs changed nothing");
    }

    @Test
    void snapshotWhoseChecksumFailsFallsBackToThePreviousOne() throws IOException {
        Path d = fresh("snap");
        byte[] a = "state at ten".getBytes();
        byte[] b = "state at twenty".getBytes();
        assertInstanceOf(SnapshotStore.Write.Done.class, SnapshotStore.write(d, 10, a));
        assertInstanceOf(SnapshotStore.Write.Done.class, SnapshotStore.write(d, 20, b));
        Path newest = SnapshotStore.path(d, 20);
        byte[] raw = Files.readAllBytes(newest);
        for (int i = 0; i < raw.length; i++) {
            for (int bit = 0; bit < 8; bit += 3) {
                byte[] copy = raw.clone();
                copy[i] ^= (byte) (1 << bit);
                Files.write(newest, copy);
                List<Path> list = SnapshotStore.list(d);
                assertEquals(newest, list.get(0));
                SnapshotStore.Read first = SnapshotStore.read(list.get(0));
                assertInstanceOf(SnapshotStore.Read.Invalid.class, first, "flip byte " + i + " bit " + bit);
                SnapshotStore.Read second = SnapshotStore.read(list.get(1));
                SnapshotStore.Read.Valid v = assertInstanceOf(SnapshotStore.Read.Valid.class, second);
                assertEquals(10, v.sequence());
                assertTrue(java.util.Arrays.equals(a, v.payload()));
            }
        }
        Files.write(newest, java.util.Arrays.copyOf(raw, 30));
        assertInstanceOf(SnapshotStore.Read.Invalid.class, SnapshotStore.read(newest));
        Files.write(d.resolve("snapshot-00000000000000000030.snap.tmp"), new byte[] {1, 2});
        assertEquals(1, SnapshotStore.removeTemps(d));
    }
}
