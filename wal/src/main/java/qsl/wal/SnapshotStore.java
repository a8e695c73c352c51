package qsl.wal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.CRC32C;
import qsl.offheap.ffi.NativeError;

/**
 * Snapshots beside the log: written atomically (temp file, data sync, rename, directory sync), each
 * naming the last log sequence it covers and carrying CRC32Cs of its header and payload
 * ({@link SnapshotFileDescriptor}). Recovery takes the newest one that reads back intact and falls
 * back to older ones; segments wholly covered by the oldest snapshot kept can be deleted.
 */
public final class SnapshotStore {
    public static final String PREFIX = "snapshot-";
    public static final String SUFFIX = ".snap";
    public static final String TEMP_SUFFIX = ".tmp";

    private SnapshotStore() {}

    /** The outcome of {@link #write}. */
    public sealed interface Write permits Write.Done, Write.Failed {
        record Done(Path path, long sequence, long bytes) implements Write {}

        record Failed(String what, NativeError error) implements Write {}
    }

    /** One snapshot file read back. */
    public sealed interface Read permits Read.Valid, Read.Invalid {
        record Valid(Path path, long sequence, byte[] payload) implements Read {}

        record Invalid(Path path, long sequence, String reason) implements Read {}
    }

    public static Path path(Path dir, long sequence) {
        return dir.resolve(String.format("%s%020d%s", PREFIX, sequence, SUFFIX));
    }

    /** The sequence a snapshot file name carries, or -1. */
    public static long sequence(Path file) {
        String n = file.getFileName().toString();
        if (!n.startsWith(PREFIX) || !n.endsWith(SUFFIX) || n.length() != PREFIX.length() + 20 + SUFFIX.length()) return -1;
        try {
            return Long.parseLong(n.substring(PREFIX.length(), PREFIX.length() + 20));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Writes {@code payload} as the snapshot covering log sequences up to {@code sequence}, atomically and durably. */
    public static Write write(Path dir, long sequence, byte[] payload) {
        Path target = path(dir, sequence);
        Path temp = dir.resolve(target.getFileName() + TEMP_SUFFIX);
        try (Arena arena = Arena.ofConfined()) {
            NativeFiles files = new NativeFiles(arena);
            if (files.makeDirectories(dir) != 0) return new Write.Failed("create " + dir, files.lastError());
            MemorySegment buf = arena.allocate(SnapshotFileDescriptor.LENGTH + (long) payload.length, 8);
            MemorySegment.copy(MemorySegment.ofArray(payload), 0, buf, SnapshotFileDescriptor.LENGTH, payload.length);
            writeHeader(buf, sequence, payload);
            int fd = files.open(temp, NativeFiles.O_WRONLY | NativeFiles.O_CREAT | NativeFiles.O_TRUNC, 0644);
            if (fd < 0) return new Write.Failed("open " + temp, files.lastError());
            int rc = files.pwriteFully(fd, buf, 0, buf.byteSize(), 0);
            if (rc == 0) rc = files.dataSync(fd);
            NativeError err = rc == 0 ? null : files.lastError();
            files.close(fd);
            if (err != null) return new Write.Failed("write " + temp, err);
            if (files.rename(temp, target) != 0) return new Write.Failed("rename " + temp, files.lastError());
            if (files.syncDirectory(dir) != 0) return new Write.Failed("sync " + dir, files.lastError());
            return new Write.Done(target, sequence, buf.byteSize());
        }
    }

    static void writeHeader(MemorySegment buf, long sequence, byte[] payload) {
        CRC32C c = new CRC32C();
        c.update(payload);
        buf.set(SegmentDescriptor.I64, SnapshotFileDescriptor.MAGIC_OFFSET, SnapshotFileDescriptor.MAGIC);
        buf.set(SegmentDescriptor.I32, SnapshotFileDescriptor.VERSION_OFFSET, SnapshotFileDescriptor.VERSION);
        buf.set(SegmentDescriptor.I32, SnapshotFileDescriptor.HEADER_LENGTH_OFFSET, SnapshotFileDescriptor.LENGTH);
        buf.set(SegmentDescriptor.I64, SnapshotFileDescriptor.SEQUENCE_OFFSET, sequence);
        buf.set(SegmentDescriptor.I64, SnapshotFileDescriptor.PAYLOAD_LENGTH_OFFSET, payload.length);
        buf.set(SegmentDescriptor.I32, SnapshotFileDescriptor.PAYLOAD_CRC_OFFSET, (int) c.getValue());
        buf.set(SegmentDescriptor.I32, 36, 0);
        buf.set(SegmentDescriptor.I32, 40, 0);
        c.reset();
        c.update(buf.asSlice(0, SnapshotFileDescriptor.HEADER_CRC_OFFSET).asByteBuffer());
        buf.set(SegmentDescriptor.I32, SnapshotFileDescriptor.HEADER_CRC_OFFSET, (int) c.getValue());
    }

    /** Snapshot files in {@code dir}, newest (highest sequence) first. */
    public static List<Path> list(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path p : ds) if (sequence(p) >= 0) out.add(p);
        }
        out.sort(Comparator.comparingLong(SnapshotStore::sequence).reversed());
        return out;
    }

    /** Reads and verifies one snapshot file; never throws. */
    public static Read read(Path file) {
        long nameSeq = sequence(file);
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            return new Read.Invalid(file, nameSeq, "unreadable: " + e.getMessage());
        }
        if (all.length < SnapshotFileDescriptor.LENGTH) return new Read.Invalid(file, nameSeq, "shorter than its header (" + all.length + " bytes)");
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getLong(SnapshotFileDescriptor.MAGIC_OFFSET) != SnapshotFileDescriptor.MAGIC) return new Read.Invalid(file, nameSeq, "bad magic");
        CRC32C c = new CRC32C();
        c.update(all, 0, SnapshotFileDescriptor.HEADER_CRC_OFFSET);
        if ((int) c.getValue() != b.getInt(SnapshotFileDescriptor.HEADER_CRC_OFFSET)) return new Read.Invalid(file, nameSeq, "header checksum mismatch");
        if (b.getInt(SnapshotFileDescriptor.VERSION_OFFSET) != SnapshotFileDescriptor.VERSION) return new Read.Invalid(file, nameSeq, "unknown version");
        long seq = b.getLong(SnapshotFileDescriptor.SEQUENCE_OFFSET);
        if (seq != nameSeq) return new Read.Invalid(file, nameSeq, "header sequence " + seq + " != file name " + nameSeq);
        long len = b.getLong(SnapshotFileDescriptor.PAYLOAD_LENGTH_OFFSET);
        if (len != all.length - SnapshotFileDescriptor.LENGTH) return new Read.Invalid(file, nameSeq, "payload length " + len + " != " + (all.length - SnapshotFileDescriptor.LENGTH) + " bytes present");
        c.reset();
        c.update(all, SnapshotFileDescriptor.LENGTH, (int) len);
        if ((int) c.getValue() != b.getInt(SnapshotFileDescriptor.PAYLOAD_CRC_OFFSET)) return new Read.Invalid(file, nameSeq, "payload checksum mismatch");
        byte[] payload = new byte[(int) len];
        System.arraycopy(all, SnapshotFileDescriptor.LENGTH, payload, 0, (int) len);
        return new Read.Valid(file, seq, payload);
    }

    /** Removes temp files a crash left mid-write. Returns how many. */
    public static int removeTemps(Path dir) throws IOException {
        int n = 0;
        if (!Files.isDirectory(dir)) return 0;
        List<Path> temps = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX + TEMP_SUFFIX)) {
            for (Path p : ds) temps.add(p);
        }
        if (temps.isEmpty()) return 0;
        try (Arena a = Arena.ofConfined()) {
            NativeFiles files = new NativeFiles(a);
            for (Path p : temps) {
                if (files.unlink(p) == 0) n++;
            }
            if (files.syncDirectory(dir) != 0) throw new IOException("sync " + dir + ": " + files.lastError());
        }
        return n;
    }

    /**
     * Keeps the newest {@code keep} snapshots that read back intact, deletes older snapshot files,
     * and deletes log segments wholly covered by the oldest snapshot kept (so a fallback to it still
     * finds every record after it). Returns the number of segment files deleted.
     */
    public static int prune(Path dir, int keep) throws IOException {
        return prune(dir, keep, false);
    }

    /**
     * As {@link #prune(Path, int)}; with {@code recycle}, a covered segment {@code wal-<i>.log} is
     * not deleted but renamed out of the log (recovery reads {@code .log} files only) to
     * {@code wal-<i>.free}; once the directory is synced, so that its removal from the log is
     * durable, it is renamed to {@code wal-<i>.next}, for the writer's preparer to reuse as a future
     * segment (it may zero it at once: no byte of it changes while a power loss could still bring it
     * back into the log). {@link WalWriter#recyclesSegments()} says whether a writer does; a file
     * nobody reuses is deleted by the writer's close or the next open. Returns the number of
     * segment files deleted or renamed.
     */
    public static int prune(Path dir, int keep, boolean recycle) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            NativeFiles files = new NativeFiles(a);
            List<Long> retired = new ArrayList<>();
            int deleted = prune(dir, keep, recycle ? retired : null, files);
            // The deletions reach the disk with the directory; until then a power loss may bring
            // back older snapshots and covered segments, which recovery reads as it would have.
            if (files.syncDirectory(dir) != 0) throw new IOException("sync " + dir + ": " + files.lastError());
            for (long i : retired) files.rename(SegmentFiles.retiredPath(dir, i), SegmentFiles.preparedPath(dir, i));
            return deleted;
        }
    }

    /** @param retired null: delete covered segments; else rename them to their retired name and add their indices */
    private static int prune(Path dir, int keep, List<Long> retired, NativeFiles files) throws IOException {
        List<Path> snaps = list(dir);
        List<Long> kept = new ArrayList<>();
        for (Path p : snaps) {
            if (kept.size() >= keep) {
                files.unlink(p);
                continue;
            }
            if (read(p) instanceof Read.Valid v) kept.add(v.sequence());
        }
        if (kept.size() < keep) return 0; // not enough fallbacks yet: keep every segment
        long covered = kept.get(kept.size() - 1);
        long[] idx = SegmentFiles.list(dir);
        int deleted = 0;
        // A segment is wholly covered when the next segment starts at or before covered + 1.
        for (int i = 0; i + 1 < idx.length; i++) {
            long nextFirst = firstSequenceOf(SegmentFiles.path(dir, idx[i + 1]));
            if (nextFirst < 0 || nextFirst > covered + 1) break;
            Path seg = SegmentFiles.path(dir, idx[i]);
            if (retired == null) {
                if (files.unlink(seg) == 0) deleted++;
            } else if (files.rename(seg, SegmentFiles.retiredPath(dir, idx[i])) == 0) {
                retired.add(idx[i]);
                deleted++;
            }
        }
        return deleted;
    }

    private static long firstSequenceOf(Path segment) {
        try (var ch = java.nio.channels.FileChannel.open(segment, java.nio.file.StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(SegmentDescriptor.LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            if (ch.read(b, 0) < SegmentDescriptor.LENGTH) return -1;
            if (b.getLong(SegmentDescriptor.MAGIC_OFFSET) != SegmentDescriptor.MAGIC) return -1;
            return b.getLong(SegmentDescriptor.FIRST_SEQUENCE_OFFSET);
        } catch (IOException e) {
            return -1;
        }
    }
}
