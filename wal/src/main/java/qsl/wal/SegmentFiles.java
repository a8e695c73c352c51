package qsl.wal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Segment file names: {@code wal-<index, 20 digits>.log}, so a directory lists in log order; a
 * segment prepared ahead of the writer ({@link SegmentPreparer}) is {@code wal-<index>.next} until
 * the writer renames it into the log, and so is a segment a prune took out of the log to be
 * recycled ({@link SnapshotStore#prune(Path, int, boolean)}). Recovery reads {@code .log} files only.
 */
public final class SegmentFiles {
    public static final String PREFIX = "wal-";
    public static final String SUFFIX = ".log";
    /** Suffix of a prepared file: not part of the log (recovery never reads it; the next writer deletes any left). */
    public static final String PREPARED_SUFFIX = ".next";
    /**
     * Suffix of a segment a prune with recycling took out of the log, until that removal is durable
     * (the prune syncs the directory, then renames it to {@link #PREPARED_SUFFIX} for reuse). Not part
     * of the log either.
     */
    public static final String RETIRED_SUFFIX = ".free";

    private SegmentFiles() {}

    public static Path path(Path dir, long index) {
        return dir.resolve(String.format("%s%020d%s", PREFIX, index, SUFFIX));
    }

    /** Where the segment with {@code index} is prepared before it joins the log. */
    public static Path preparedPath(Path dir, long index) {
        return dir.resolve(String.format("%s%020d%s", PREFIX, index, PREPARED_SUFFIX));
    }

    /** Where a prune with recycling puts segment {@code index} while its removal from the log is not yet durable. */
    public static Path retiredPath(Path dir, long index) {
        return dir.resolve(String.format("%s%020d%s", PREFIX, index, RETIRED_SUFFIX));
    }

    /**
     * The preparer's spare fresh file ({@link SegmentPreparer}), prepared while segments are being
     * recycled, for a roll that finds no recycled file ready. Not part of the log: it matches
     * {@link #listPrepared} (so a writer's close or the next open deletes it) and carries no index.
     */
    public static Path sparePath(Path dir) {
        return dir.resolve(PREFIX + "spare" + PREPARED_SUFFIX);
    }

    /**
     * Files beside the log that are not part of it: prepared or recycled ({@code wal-*.next}) and
     * retired ({@code wal-*.free}); what a writer that stopped without closing (or a prune that
     * stopped half-way) leaves, and what the next writer deletes.
     */
    public static List<Path> listPrepared(Path dir) throws IOException {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) return found;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, PREFIX + "*{" + PREPARED_SUFFIX + "," + RETIRED_SUFFIX + "}")) {
            for (Path p : ds) found.add(p);
        }
        return found;
    }

    /** The index a segment file name carries, or -1 if the name is not a segment's. */
    public static long index(Path file) {
        return index(file, SUFFIX);
    }

    /** The index a prepared (or recycled) file name {@code wal-<index>.next} carries, or -1 if the name is not one. */
    public static long preparedIndex(Path file) {
        return index(file, PREPARED_SUFFIX);
    }

    /** The index a retired file name {@code wal-<index>.free} carries, or -1 if the name is not one. */
    public static long retiredIndex(Path file) {
        return index(file, RETIRED_SUFFIX);
    }

    private static long index(Path file, String suffix) {
        String n = file.getFileName().toString();
        if (!n.startsWith(PREFIX) || !n.endsWith(suffix) || n.length() != PREFIX.length() + 20 + suffix.length()) return -1;
        long v = 0;
        for (int i = PREFIX.length(); i < PREFIX.length() + 20; i++) {
            char c = n.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
            if (v < 0) return -1;
        }
        return v;
    }

    /** Segment indices present in {@code dir}, ascending; empty if the directory does not exist. */
    public static long[] list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return new long[0];
        List<Long> found = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path p : ds) {
                long i = index(p);
                if (i >= 0) found.add(i);
            }
        }
        return found.stream().mapToLong(Long::longValue).sorted().toArray();
    }
}
