package qsl.app.crash;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import qsl.wal.SegmentDescriptor;
import qsl.wal.SegmentFiles;

/**
 * Simulates what a power loss may leave of the bytes a killed process had written but not made
 * durable: everything past the durable point is fair game (a SIGKILL keeps the page cache, a power
 * loss does not). Models, picked at random per trial: the kill alone; the file cut short; zeros
 * from a point on; random garbage then zeros; a record torn in half; and a lost page in the middle
 * of the unsynced tail with later pages intact (writeback reordered).
 */
public enum PowerLoss {
    KILL_ONLY, TRUNCATE, ZEROS, GARBAGE, TORN_HALF, LOST_PAGE;

    /**
     * Damages {@code dir} past the end of record {@code durable} (0: past the first segment's
     * header). Returns false when there was nothing past the durable point to damage.
     */
    public boolean apply(Path dir, long durable, SplittableRandom rng) throws IOException {
        if (this == KILL_ONLY) return true;
        LogLayout l = LogLayout.scan(dir);
        if (l.segments.isEmpty()) return false;
        long startSeg;
        long startOff;
        if (durable <= 0) {
            startSeg = l.segments.get(0).index();
            startOff = SegmentDescriptor.LENGTH;
        } else {
            LogLayout.Frame f = l.find(durable);
            if (f == null) return false; // the durable record sits in a deleted (snapshotted) segment: nothing to aim at
            startSeg = f.segment();
            startOff = f.end();
        }
        // Pick a segment from the durable one on, then a point in it up to just past its written end.
        int first = 0;
        while (l.segments.get(first).index() != startSeg) first++;
        int pick = first + rng.nextInt(l.segments.size() - first);
        LogLayout.Segment seg = l.segments.get(pick);
        long lo = pick == first ? startOff : SegmentDescriptor.LENGTH;
        long hi = Math.min(seg.size(), Math.max(lo, seg.writtenEnd()) + 64);
        if (hi <= lo) return false;
        long at = lo + rng.nextLong(hi - lo);
        Path p = SegmentFiles.path(dir, seg.index());
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            switch (this) {
                case TRUNCATE -> f.setLength(at);
                case ZEROS -> zero(f, at, Math.max(at, seg.writtenEnd() + 64));
                case GARBAGE -> {
                    int len = 1 + rng.nextInt(4096);
                    byte[] junk = new byte[(int) Math.min(len, seg.size() - at)];
                    for (int i = 0; i < junk.length; i++) junk[i] = (byte) rng.nextInt(256);
                    f.seek(at);
                    f.write(junk);
                    zero(f, at + junk.length, Math.max(at + junk.length, seg.writtenEnd() + 64));
                }
                case TORN_HALF -> {
                    LogLayout.Frame torn = null;
                    for (LogLayout.Frame fr : l.frames) {
                        if (fr.segment() == seg.index() && fr.offset() >= lo) {
                            torn = fr;
                            break;
                        }
                    }
                    if (torn == null) {
                        zero(f, at, Math.max(at, seg.writtenEnd() + 64));
                    } else {
                        long half = torn.offset() + (torn.end() - torn.offset()) / 2;
                        zero(f, half, Math.max(half, seg.writtenEnd() + 64));
                    }
                }
                case LOST_PAGE -> {
                    long page = Math.max(lo, at & ~4095L);
                    zero(f, page, Math.min(seg.size(), (at & ~4095L) + 4096));
                    return true; // later pages (and segments) survive: the reordered-writeback case
                }
                default -> { }
            }
        }
        // Whatever came after the damaged segment never reached the disk either.
        for (int j = pick + 1; j < l.segments.size(); j++) {
            Path later = SegmentFiles.path(dir, l.segments.get(j).index());
            if (rng.nextBoolean()) {
                Files.deleteIfExists(later);
            } else {
                try (RandomAccessFile f = new RandomAccessFile(later.toFile(), "rw")) {
                    zero(f, SegmentDescriptor.LENGTH, Math.max(SegmentDescriptor.LENGTH, l.segments.get(j).writtenEnd() + 64));
                }
            }
        }
        return true;
    }

    private static void zero(RandomAccessFile f, long from, long to) throws IOException {
        long end = Math.min(to, f.length());
        if (end <= from) return;
        f.seek(from);
        f.write(new byte[(int) (end - from)]);
    }
}
