package qsl.wal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a log directory back: every segment header and record checksum verified, sequences
 * checked for continuity within and across segments, each valid record with
 * {@code sequence >= fromSequence} handed to a {@link RecordHandler}, damage classified and
 * handled as the {@link RecoveryMode} says (see {@code docs/durability.md}). The answer is a
 * {@link RecoveryReport}; no exception escapes (a handler's own exception is the caller's and
 * propagates).
 *
 * <p>Damage is "tail" when no valid record (checksum good, sequence beyond the last good one)
 * follows it anywhere in the log, "middle" otherwise. Repair makes a torn tail look as if the
 * torn writes never happened: the damaged segment is cut at the damage and re-extended with zeros
 * ({@code ftruncate} + {@code posix_fallocate}, synced), later segments are deleted, and the
 * directory is synced.
 */
public final class WalRecovery {
    private final Path dir;
    private final RecoveryMode mode;
    private final long fromSequence;
    private final RecordHandler handler;
    private final boolean repair;
    /** Mappings readable from other threads (a shared arena), for {@link PipelinedRecovery}. */
    private final boolean sharedMaps;
    /** Runs on the scanning thread before the mappings close (whatever the outcome). */
    private final Runnable beforeUnmap;

    private long[] indices;
    private MemorySegment[] maps;
    private Crc[] crcs;
    private Arena arena;
    private long[] segmentLengths;
    /** Per segment: its checked header marks it recycled ({@link SegmentDescriptor#FLAG_RECYCLED}): old bytes may follow its end marker. */
    private boolean[] recycled;
    /** Per segment: the lowest sequence a record of it can carry ({@link #sequenceFloor}); 0 until computed. */
    private long[] floors;

    private long firstSequence;
    private long lastGood;
    private long delivered;
    private long verified;
    private long bytesTruncated;
    private long recordsDropped;
    private final List<RecoveryReport.Dropped> dropped = new ArrayList<>();
    private final List<RecoveryReport.Dropped> covered = new ArrayList<>();
    private final List<String> losses = new ArrayList<>();
    /** The sequence the scan expects next (a segment header names it before any record does). */
    private long expectedNext;
    private long[] firstSeqs;
    private long damageSegment = -1;
    private long damageOffset = -1;
    private String damageDetail = "";
    private boolean salvaged;

    // A repair decided during the scan, carried out after every mapping is closed.
    private int cutAt = -1;       // position in indices of the segment to cut
    private long cutOffset = -1;  // offset to cut it at (<= header: delete the file)

    private WalRecovery(Path dir, RecoveryMode mode, long fromSequence, RecordHandler handler, boolean repair,
            boolean sharedMaps, Runnable beforeUnmap) {
        this.dir = dir;
        this.mode = mode;
        this.fromSequence = Math.max(1, fromSequence);
        this.handler = handler;
        this.repair = repair;
        this.sharedMaps = sharedMaps;
        this.beforeUnmap = beforeUnmap;
    }

    /**
     * Recovers {@code dir}.
     *
     * @param fromSequence deliver records from this sequence on (a snapshot covers the ones before;
     *     1 for all). Sequences before it may be missing from the log.
     * @param repair whether to change files (truncate a torn tail, apply a salvage); {@code false}
     *     reports what it would do and changes nothing
     */
    public static RecoveryReport recover(Path dir, RecoveryMode mode, long fromSequence, RecordHandler handler, boolean repair) {
        return recover(dir, mode, fromSequence, handler, repair, false, NOTHING);
    }

    private static final Runnable NOTHING = () -> { };

    /**
     * As {@link #recover(Path, RecoveryMode, long, RecordHandler, boolean)}; {@code sharedMaps}: the
     * mappings handed to {@code handler} may be read from other threads until {@code beforeUnmap}
     * returns (it runs on this thread once the scan is over, before they are unmapped).
     */
    static RecoveryReport recover(Path dir, RecoveryMode mode, long fromSequence, RecordHandler handler, boolean repair,
            boolean sharedMaps, Runnable beforeUnmap) {
        return new WalRecovery(dir, mode, fromSequence, handler, repair, sharedMaps, beforeUnmap).run();
    }

    /** Read-only verification of the whole log, delivering nothing. */
    public static RecoveryReport verify(Path dir, RecoveryMode mode) {
        return recover(dir, mode, 1, RecordHandler.NONE, false);
    }

    private RecoveryReport run() {
        try {
            indices = SegmentFiles.list(dir);
        } catch (IOException e) {
            return report(RecoveryReport.Kind.IO_ERROR, "cannot list " + dir + ": " + e.getMessage());
        }
        if (indices.length == 0) {
            detectLoss();
            return losses.isEmpty() ? report(RecoveryReport.Kind.EMPTY, "") : report(RecoveryReport.Kind.LOSS, String.join("; ", losses));
        }
        maps = new MemorySegment[indices.length];
        crcs = new Crc[indices.length];
        segmentLengths = new long[indices.length];
        recycled = new boolean[indices.length];
        floors = new long[indices.length];
        firstSeqs = new long[indices.length];
        arena = sharedMaps ? Arena.ofShared() : Arena.ofConfined();
        RecoveryReport.Kind kind;
        try {
            kind = scan();
        } catch (IOException e) {
            return report(RecoveryReport.Kind.IO_ERROR, "cannot map a segment: " + e.getMessage());
        } finally {
            try {
                beforeUnmap.run();
            } finally {
                arena.close();
            }
        }
        if (kind != RecoveryReport.Kind.CORRUPT) detectLoss();
        if (!losses.isEmpty() && (mode == RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS || mode == RecoveryMode.ABSOLUTE_CONSISTENCY)) {
            // Detected loss: reported, nothing changed (a repair would make it look like a clean, shorter log).
            return report(RecoveryReport.Kind.LOSS, String.join("; ", losses));
        }
        if (cutAt >= 0 && repair) {
            String err = applyCut();
            if (err != null) return report(RecoveryReport.Kind.IO_ERROR, err);
        }
        if (kind == RecoveryReport.Kind.CLEAN && verified == 0) kind = RecoveryReport.Kind.EMPTY;
        return report(kind, damageDetail);
    }

    private RecoveryReport report(RecoveryReport.Kind kind, String detail) {
        return new RecoveryReport(kind, mode, damageSegment, damageOffset, detail, firstSequence, lastGood, delivered,
                verified, bytesTruncated, recordsDropped, List.copyOf(dropped), repair && cutAt >= 0 && kind != RecoveryReport.Kind.LOSS,
                List.copyOf(covered), List.copyOf(losses));
    }

    /**
     * Loss the files alone cannot show as damage: the log ends before the snapshot the caller
     * starts from (the journal syncs the log through a snapshot's sequence before writing it), or
     * before what the manifest says was sealed, or segments the manifest names are gone.
     */
    private void detectLoss() {
        long reached = Math.max(lastGood, expectedNext - 1);
        if (fromSequence > 1 && reached < fromSequence - 1) {
            losses.add("the log ends at sequence " + reached + ", before sequence " + (fromSequence - 1)
                    + " that the snapshot covers (the log was synced through it before the snapshot was written): sequences "
                    + (reached + 1) + ".." + (fromSequence - 1) + " are gone");
        }
        ManifestDescriptor.Manifest m = Manifests.read(dir);
        if (m == null) return;
        long maxIndex = indices.length == 0 ? -1 : indices[indices.length - 1];
        if (maxIndex < m.lastSegment()) {
            losses.add("segment" + (m.lastSegment() - maxIndex > 1 ? "s " + (maxIndex + 1) + ".." + m.lastSegment() : " " + m.lastSegment())
                    + " named by the manifest " + (m.lastSegment() - maxIndex > 1 ? "are" : "is") + " missing");
        }
        if (reached < m.firstSequence() - 1) {
            losses.add("the log ends at sequence " + reached + ", but the manifest says sequences up to " + (m.firstSequence() - 1)
                    + " were synced before segment " + m.lastSegment() + " was created: sequences " + (reached + 1) + ".."
                    + (m.firstSequence() - 1) + " are gone");
        }
    }

    private MemorySegment map(int i) throws IOException {
        if (maps[i] == null) {
            try (FileChannel ch = FileChannel.open(SegmentFiles.path(dir, indices[i]), StandardOpenOption.READ)) {
                // Segments are at most 1 GiB; a larger file is damage the header check names, and the
                // checksum's ByteBuffer view cannot exceed 2 GiB, so map no more than that much of it.
                maps[i] = ch.map(FileChannel.MapMode.READ_ONLY, 0, Math.min(ch.size(), (1L << 30) + 4096), arena);
            }
            // The checksum reads through a view without the arena's scope: a direct buffer of a shared
            // arena's segment acquires and releases the scope (two atomic updates) on every checksum.
            // The view lives in crcs[i], which is dropped with the mappings.
            crcs[i] = new Crc(MemorySegment.ofAddress(maps[i].address()).reinterpret(maps[i].byteSize()));
            if (maps[i].byteSize() >= SegmentDescriptor.LENGTH && maps[i].get(SegmentDescriptor.I64, 0) == SegmentDescriptor.MAGIC) {
                segmentLengths[i] = Math.min(SegmentDescriptor.segmentLength(maps[i]), 1L << 30);
            }
        }
        return maps[i];
    }

    /** Scans the whole log; returns the outcome kind (damage handling may stop it early). */
    private RecoveryReport.Kind scan() throws IOException {
        long expected = -1;
        int i = 0;
        long pos = -1; // -1: start the segment at its header
        while (i < indices.length) {
            MemorySegment m = map(i);
            Crc crc = crcs[i];
            long idx = indices[i];
            if (pos < 0) {
                if (i > 0 && idx != indices[i - 1] + 1) {
                    long missingFirst = indices[i - 1] + 1;
                    Next n = damage(i, 0, missingFirst, "segment" + (idx - missingFirst > 1 ? "s " : " ") + missingFirst
                            + (idx - missingFirst > 1 ? ".." + (idx - 1) : "") + " missing", true);
                    if (n == null) return outcome;
                    i = n.i; pos = n.pos; expected = n.seq;
                    continue;
                }
                String bad = SegmentDescriptor.check(m, crc, idx);
                if (bad != null) {
                    Next n = damage(i, 0, idx, bad, true);
                    if (n == null) return outcome;
                    i = n.i; pos = n.pos; expected = n.seq;
                    continue;
                }
                long first = SegmentDescriptor.firstSequence(m);
                if (expected < 0) {
                    if (first > fromSequence) {
                        Next n = damage(i, 0, idx, "sequences " + fromSequence + ".." + (first - 1) + " missing before segment " + idx, true);
                        if (n == null) return outcome;
                        i = n.i; pos = n.pos; expected = n.seq;
                        continue;
                    }
                    expected = first;
                } else if (first != expected) {
                    if (first > expected && first <= fromSequence) {
                        expected = first; // the gap lies wholly before fromSequence: a snapshot covers it
                    } else {
                        Next n = damage(i, 0, idx, "segment " + idx + " starts at sequence " + first + ", expected " + expected, true);
                        if (n == null) return outcome;
                        i = n.i; pos = n.pos; expected = n.seq;
                        continue;
                    }
                }
                firstSeqs[i] = first;
                recycled[i] = SegmentDescriptor.recycled(m);
                expectedNext = expected;
                pos = SegmentDescriptor.LENGTH;
            }
            long size = m.byteSize();
            String bad = null;
            while (true) {
                int v = RecordValidator.check(m, crc, pos, size, expected);
                if (v == RecordValidator.END || v == RecordValidator.NO_ROOM) break;
                if (v != RecordValidator.VALID) {
                    bad = v == RecordValidator.BAD_SEQUENCE
                            ? "record sequence " + RecordDescriptor.sequence(m, pos) + ", expected " + expected
                            : RecordValidator.describe(v);
                    break;
                }
                int len = RecordDescriptor.length(m, pos);
                long seq = expected;
                verified++;
                if (firstSequence == 0) firstSequence = seq;
                lastGood = seq;
                expected = seq + 1;
                expectedNext = expected;
                if (seq >= fromSequence) {
                    delivered++;
                    handler.onRecord(seq, RecordDescriptor.type(m, pos), m, pos + RecordDescriptor.HEADER_LENGTH, len);
                }
                pos += RecordDescriptor.frameLength(len);
            }
            if (bad == null && pos < size && !recycled[i]) {
                // Also a tail shorter than a header: a record torn there is damage, not an end.
                long nz = firstNonZero(m, pos);
                if (nz >= 0) bad = "non-zero bytes at offset " + nz + " after the last record";
            } else if (bad == null && pos < size) {
                // A recycled segment: an older segment's bytes follow the end marker, so non-zero bytes
                // there are no sign of damage; a record this log could hold there is (a power loss
                // that kept later pages and not the one with the marker: a hole, as in a zeroed file).
                long f = findValid(i, pos, expected);
                if (f >= 0) bad = "a valid record (sequence " + RecordDescriptor.sequence(m, f) + ") at offset " + f + " after the end marker";
            }
            // Every segment is preallocated and a repair re-extends the one it cuts, so a short
            // file was truncated: damage, in a middle segment as much as in the last one.
            if (bad == null && size < segmentLengths[i]) {
                bad = "file is " + size + " bytes, shorter than its preallocated " + segmentLengths[i];
            }
            if (bad != null) {
                Next n = damage(i, pos, idx, bad, false);
                if (n == null) return outcome;
                i = n.i; pos = n.pos; expected = n.seq;
                continue;
            }
            i++;
            pos = -1;
        }
        return salvaged ? RecoveryReport.Kind.SALVAGED : RecoveryReport.Kind.CLEAN;
    }

    private RecoveryReport.Kind outcome;

    /** Where scanning continues after skipped damage. */
    private record Next(int i, long pos, long seq) {}

    /**
     * Handles damage found at {@code offset} of the segment at position {@code i} ({@code reportIndex}
     * names it in the report; for a missing segment, the missing one). Returns where to continue
     * ({@link RecoveryMode#SKIP_ANY_CORRUPTED_RECORDS} only) or {@code null} with {@link #outcome} set.
     */
    private Next damage(int i, long offset, long reportIndex, String detail, boolean segmentLevel) throws IOException {
        // Segment-level damage (missing segment, sequence gap, bad header) sits at the segment's start:
        // its own records are candidates to follow it, and a cut removes the segment whole.
        long[] f = findFollower(i, segmentLevel ? SegmentDescriptor.LENGTH : offset + RecordDescriptor.ALIGNMENT, lastGood + 1);
        boolean followed = f != null;
        boolean isCovered = followed && f[2] <= fromSequence;
        DamagePolicy.Action action = DamagePolicy.decide(mode, followed, isCovered);
        if (action == DamagePolicy.Action.STEP_OVER_COVERED) {
            int fi = (int) f[0];
            long fseq = f[2];
            covered.add(new RecoveryReport.Dropped(reportIndex, offset, fi == i && !segmentLevel ? f[1] - offset : -1, 0,
                    fseq > lastGood + 1 ? lastGood + 1 : -1, fseq > lastGood + 1 ? fseq - 1 : -1,
                    "covered by the snapshot (sequences before " + fromSequence + "): " + detail));
            return new Next(fi, f[1], fseq);
        }
        if (damageSegment < 0) {
            damageSegment = reportIndex;
            damageOffset = offset;
            damageDetail = detail;
        }
        int cutSeg = i;
        long cutOff = segmentLevel ? 0 : offset;
        switch (action) {
            case REFUSE_TAIL -> {
                outcome = RecoveryReport.Kind.TORN_TAIL;
                return null;
            }
            case CUT_TAIL -> {
                long junk = extent(i, offset);
                planCut(cutSeg, cutOff, i);
                dropped.add(new RecoveryReport.Dropped(reportIndex, offset, junk, 0, -1, -1, "torn tail: " + detail));
                if (repair) bytesTruncated += junk;
                outcome = repair ? RecoveryReport.Kind.TORN_TAIL_REPAIRED : RecoveryReport.Kind.TORN_TAIL;
                if (salvaged) outcome = RecoveryReport.Kind.SALVAGED;
                return null;
            }
            case STOP_CORRUPT -> {
                damageDetail = detail + "; valid records follow (sequence " + f[2] + " in segment " + indices[(int) f[0]] + " at offset " + f[1] + ")";
                outcome = RecoveryReport.Kind.CORRUPT;
                return null;
            }
            case CUT_AND_DROP_REST -> {
                long[] counted = countValid((int) f[0], f[1], f[2]);
                long junk = extent(i, offset);
                recordsDropped += counted[0];
                dropped.add(new RecoveryReport.Dropped(reportIndex, offset, junk, counted[0], lastGood + 1, counted[1],
                        "point-in-time: dropped from the damage on: " + detail));
                if (repair) bytesTruncated += junk;
                planCut(cutSeg, cutOff, i);
                salvaged = true;
                outcome = RecoveryReport.Kind.SALVAGED;
                return null;
            }
            default -> { // SKIP_SPAN
                int fi = (int) f[0];
                long fpos = f[1];
                long fseq = f[2];
                long len = fi == i && !segmentLevel ? fpos - offset : -1;
                long lost = fseq - (lastGood + 1);
                dropped.add(new RecoveryReport.Dropped(reportIndex, offset, len, 0,
                        lost > 0 ? lastGood + 1 : -1, lost > 0 ? fseq - 1 : -1, "skipped: " + detail));
                recordsDropped += Math.max(0, lost);
                salvaged = true;
                return new Next(fi, fpos, fseq);
            }
        }
    }

    /** Plans the cut: segment at position {@code seg} cut at {@code off} (at or before its header: deleted), later ones deleted. */
    private void planCut(int seg, long off, int damagedAt) {
        cutAt = seg;
        cutOffset = off;
    }

    private String applyCut() {
        NativeFilesHolder h = new NativeFilesHolder();
        try {
            int start = cutAt;
            if (cutOffset >= SegmentDescriptor.LENGTH) {
                Path p = SegmentFiles.path(dir, indices[cutAt]);
                long size = Math.max(Files.size(p), segmentLengths[cutAt]);
                int fd = h.files.open(p, NativeFiles.O_RDWR, 0);
                if (fd < 0) return "open " + p + " for repair: " + h.files.lastError();
                // Cut at the damage, then re-extend: the rest reads as the zeros of a fresh preallocation.
                int rc = h.files.truncate(fd, cutOffset);
                if (rc == 0) rc = h.files.preallocate(fd, size);
                if (rc == 0) rc = h.files.dataSync(fd);
                String err = rc == 0 ? null : "repair " + p + ": " + h.files.lastError();
                h.files.close(fd);
                if (err != null) return err;
                start = cutAt + 1;
            }
            if (start < indices.length) {
                // The manifest first names the last segment kept, then the later ones go: a crash in
                // between leaves extra segments (read again next time), never a manifest naming deleted ones.
                ManifestDescriptor.Manifest mf = Manifests.read(dir);
                if (mf != null && mf.lastSegment() >= indices[start]) {
                    qsl.offheap.ffi.NativeError me = start == 0
                            ? Manifests.write(h.files, dir, indices[0], Math.max(1, lastGood + 1))
                            : Manifests.write(h.files, dir, indices[start - 1], firstSeqs[start - 1]);
                    if (me != null) return "manifest " + dir + ": " + me;
                }
            }
            for (int j = start; j < indices.length; j++) {
                Path p = SegmentFiles.path(dir, indices[j]);
                if (h.files.unlink(p) != 0 && h.files.errno() != qsl.offheap.ffi.Errno.ENOENT) return "delete " + p + ": " + h.files.lastError();
            }
            if (h.files.syncDirectory(dir) != 0) return "sync " + dir + ": " + h.files.lastError();
            return null;
        } catch (IOException e) {
            return "repair " + dir + ": " + e.getMessage();
        } finally {
            h.arena.close();
        }
    }

    private static final class NativeFilesHolder {
        final Arena arena = Arena.ofConfined();
        final NativeFiles files = new NativeFiles(arena);
    }

    /**
     * The first valid record at or after ({@code i}, {@code from}) in any segment from {@code i} on,
     * with a sequence of at least {@code minSeq}: {@code {segment position, offset, sequence}} or null.
     */
    private long[] findFollower(int i, long from, long minSeq) throws IOException {
        for (int j = i; j < indices.length; j++) {
            long p = findValid(j, j == i ? Math.max(from, SegmentDescriptor.LENGTH) : SegmentDescriptor.LENGTH, minSeq);
            if (p >= 0) return new long[] {j, p, RecordDescriptor.sequence(maps[j], p)};
        }
        return null;
    }

    /** Counts valid records from a known one onward, across segments; returns {count, last sequence}. */
    private long[] countValid(int i, long pos, long seq) throws IOException {
        long count = 0;
        long last = seq - 1;
        for (int j = i; j < indices.length; j++) {
            long p = j == i ? pos : SegmentDescriptor.LENGTH;
            while ((p = findValid(j, p, last + 1)) >= 0) {
                count++;
                last = RecordDescriptor.sequence(maps[j], p);
                p += RecordDescriptor.frameLength(RecordDescriptor.length(maps[j], p));
            }
        }
        return new long[] {count, last};
    }

    /**
     * Offset of the first record at or after {@code from} (8-aligned) that checks out, with sequence
     * >= minSeq and >= the segment's {@link #sequenceFloor}; -1 if none.
     */
    private long findValid(int j, long from, long minSeq) throws IOException {
        MemorySegment m = map(j);
        Crc crc = crcs[j];
        return RecordValidator.find(m, crc, from, m.byteSize(), Math.max(minSeq, sequenceFloor(j)));
    }

    /**
     * The lowest sequence a record of the segment at position {@code j} can carry: the first sequence
     * of the nearest segment at or before it whose header checks out (first sequences grow with the
     * index; a header that does not check out says nothing), 1 if none does. A recycled segment's
     * old records carry sequences from an older segment, below this floor: so they are never taken
     * for records that follow damage, even where little before them could be read.
     */
    private long sequenceFloor(int j) throws IOException {
        if (floors[j] == 0) {
            long floor = 1;
            for (int k = j; k >= 0; k--) {
                MemorySegment m = map(k);
                if (SegmentDescriptor.check(m, crcs[k], indices[k]) == null) {
                    floor = SegmentDescriptor.firstSequence(m);
                    break;
                }
            }
            floors[j] = floor;
        }
        return floors[j];
    }

    private static long firstNonZero(MemorySegment m, long from) {
        long size = m.byteSize();
        long p = from;
        for (; p + 8 <= size; p += 8) {
            if (m.get(SegmentDescriptor.I64, p) != 0) return p;
        }
        for (; p < size; p++) if (m.get(java.lang.foreign.ValueLayout.JAVA_BYTE, p) != 0) return p;
        return -1;
    }

    /** Bytes from {@code from} to the last non-zero byte of segment {@code i} (what a cut there removes). */
    private long extent(int i, long from) throws IOException {
        MemorySegment m = map(i);
        long last = -1;
        long size = m.byteSize();
        long p = from;
        for (; p + 8 <= size; p += 8) if (m.get(SegmentDescriptor.I64, p) != 0) last = p + 8;
        for (; p < size; p++) if (m.get(java.lang.foreign.ValueLayout.JAVA_BYTE, p) != 0) last = p + 1;
        return last < 0 ? 0 : last - from;
    }
}
