package qsl.ringbuffer;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An {@link SpscRing} in a memory-mapped file, so a producer in one JVM and a consumer in another
 * exchange records through the page cache with the same loads and stores as in one process. One
 * process {@link #create}s the file (formatting the header: magic, layout version, capacity,
 * positions), the other {@link #open}s it; a file of another layout version or capacity is refused
 * with a {@link RingLayoutException}. Each process then takes one side of {@link #ring()}.
 *
 * <p>What a dead peer leaves: every committed record stays intact and readable, an uncommitted
 * claim is invisible, and a new process can open the file and take over the dead side from the
 * positions in the header. What it does not give: liveness detection (a dead peer looks like a
 * slow one) or durability (the file is not forced to disk; after a machine crash its content is
 * whatever the kernel had written back). Two live producers (or consumers) on one file is a
 * misuse nothing here detects.
 */
public final class MappedRing implements AutoCloseable {
    private final Arena arena;
    private final SpscRing ring;
    private final Path path;

    private MappedRing(Arena arena, SpscRing ring, Path path) {
        this.arena = arena;
        this.ring = ring;
        this.path = path;
    }

    /**
     * Creates (or truncates) {@code path}, maps it and formats an empty ring of {@code capacity}
     * data bytes. No peer may have the file open while it is formatted.
     */
    public static MappedRing create(Path path, int capacity) throws IOException {
        RingBufferDescriptor.checkCapacity(capacity);
        long length = RingBufferDescriptor.segmentLength(capacity);
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            // Mapping read-write past the end grows the file to the ring's length (zero-filled).
            MemorySegment segment = channel.map(FileChannel.MapMode.READ_WRITE, 0, length, arena);
            return new MappedRing(arena, SpscRing.format(segment, capacity), path);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Maps an existing ring file of any capacity, after checking its header. A file the peer is
     * still creating reads as {@code TOO_SMALL} or {@code BAD_MAGIC} (the magic is written last):
     * a caller racing the creator retries on those two reasons.
     */
    public static MappedRing open(Path path) throws IOException, RingLayoutException {
        return open(path, -1);
    }

    /**
     * Maps an existing ring file whose header says {@code expectedCapacity} (-1: any) and the
     * layout version of this code.
     */
    public static MappedRing open(Path path, int expectedCapacity) throws IOException, RingLayoutException {
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            if (size < RingBufferDescriptor.DATA_OFFSET) {
                throw new RingLayoutException(RingLayoutException.Reason.TOO_SMALL, path + " has " + size
                        + " bytes, shorter than the " + RingBufferDescriptor.DATA_OFFSET + "-byte ring header");
            }
            MemorySegment segment = channel.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
            return new MappedRing(arena, SpscRing.wrap(segment, expectedCapacity), path);
        } catch (IOException | RingLayoutException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** The ring in the file; take one side of it per process. */
    public SpscRing ring() {
        return ring;
    }

    public Path path() {
        return path;
    }

    /** Unmaps the file (no thread of this process may use the ring afterwards). The file stays. */
    @Override
    public void close() {
        arena.close();
    }
}
