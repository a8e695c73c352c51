package qsl.wal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import qsl.offheap.ffi.NativeError;

/** Reads and writes {@code wal.manifest} ({@link ManifestDescriptor}). */
public final class Manifests {
    private Manifests() {}

    public static Path path(Path dir) {
        return dir.resolve(ManifestDescriptor.FILE_NAME);
    }

    /** The newest valid slot, or null when the file is missing or neither slot verifies. Never throws. */
    public static ManifestDescriptor.Manifest read(Path dir) {
        Path p = path(dir);
        byte[] all;
        try {
            if (!Files.exists(p)) return null;
            all = Files.readAllBytes(p);
        } catch (IOException e) {
            return null;
        }
        MemorySegment m = MemorySegment.ofArray(all);
        ManifestDescriptor.Manifest a = ManifestDescriptor.read(m, 0);
        ManifestDescriptor.Manifest b = ManifestDescriptor.read(m, ManifestDescriptor.SLOT_STRIDE);
        if (a == null) return b;
        if (b == null) return a;
        return a.generation() >= b.generation() ? a : b;
    }

    /**
     * Writes a new generation naming {@code lastSegment} (first sequence {@code firstSequence}) and
     * syncs it; creates the file if missing (then syncs the directory too). Returns null or the failure.
     */
    public static NativeError write(NativeFiles files, Path dir, long lastSegment, long firstSequence) {
        ManifestDescriptor.Manifest old = read(dir);
        return write(files, dir, old == null ? 1 : old.generation() + 1, lastSegment, firstSequence);
    }

    /**
     * As {@link #write(NativeFiles, Path, long, long)} with the generation given by the caller: a
     * writer that owns the file knows it and need not read the file back at every segment roll
     * (which allocated the file's bytes on the append thread).
     */
    static NativeError write(NativeFiles files, Path dir, long gen, long lastSegment, long firstSequence) {
        Path p = path(dir);
        boolean existed = Files.exists(p);
        int fd = files.open(p, NativeFiles.O_RDWR | NativeFiles.O_CREAT, 0644);
        if (fd < 0) return files.lastError();
        NativeError err = null;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment slot = a.allocate(ManifestDescriptor.LENGTH, 8);
            ManifestDescriptor.write(slot, gen, lastSegment, firstSequence);
            int rc = files.pwriteFully(fd, slot, 0, ManifestDescriptor.LENGTH, (gen % 2) * ManifestDescriptor.SLOT_STRIDE);
            if (rc == 0 && !existed) rc = files.preallocate(fd, ManifestDescriptor.FILE_LENGTH);
            if (rc == 0) rc = files.dataSync(fd);
            if (rc != 0) err = files.lastError();
        }
        files.close(fd);
        if (err == null && !existed && files.syncDirectory(dir) != 0) err = files.lastError();
        return err;
    }
}
