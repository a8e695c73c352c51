package qsl.gateway.store;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One session's sequenced output: every SoupBinTCP Sequenced Data packet the session was ever
 * sent, byte for byte as on the wire ({@code length u16, 'S', message}), back to back in a
 * memory-mapped sparse file, plus an index of where each message ends. Message {@code n} (1-based)
 * occupies {@code [end(n - 1), end(n))}.
 *
 * <p>Threads: one writer (the journal thread, or the recovery thread before the node starts)
 * appends messages with {@link #append} and later publishes them with {@link #release}; readers
 * (gateway I/O threads) see only released messages: {@link #released()} is an acquire load that
 * pairs with {@link #release}'s release store, so the bytes and index entries of every released
 * message are visible to a reader that saw the count.
 *
 * <p>The file is derived data: the node recreates it from the journal at every start (see
 * {@code docs/node.md}), so it is never synced.
 */
public final class SessionStore implements AutoCloseable {
    private static final VarHandle RELEASED;

    static {
        try {
            RELEASED = MethodHandles.lookup().findVarHandle(SessionStore.class, "released", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String username;
    private final FileChannel dataChannel;
    private final FileChannel indexChannel;
    private final MappedByteBuffer dataBuffer;
    private final MemorySegment data;
    private final MemorySegment index;
    private final long capacity;
    private final long maxMessages;

    private long written;      // writer thread only
    private long writtenBytes; // writer thread only
    @SuppressWarnings("unused") // through RELEASED
    private volatile long released;

    private SessionStore(String username, FileChannel d, FileChannel i, MappedByteBuffer db, MemorySegment index, long capacity, long maxMessages) {
        this.username = username;
        this.dataChannel = d;
        this.indexChannel = i;
        this.dataBuffer = db;
        this.data = MemorySegment.ofBuffer(db);
        this.index = index;
        this.capacity = capacity;
        this.maxMessages = maxMessages;
    }

    /** Creates (truncating) the store files {@code <dir>/<username>.out} and {@code .idx}; capacity below 2 GiB. */
    public static SessionStore create(Path dir, String username, long capacity) throws IOException {
        if (capacity < 4096 || capacity > Integer.MAX_VALUE) throw new IllegalArgumentException("store capacity out of range: " + capacity);
        FileChannel d = FileChannel.open(dir.resolve(username + ".out"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        FileChannel i = FileChannel.open(dir.resolve(username + ".idx"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        long maxMessages = capacity / 13; // the smallest response packet is 3 + 10 bytes
        MappedByteBuffer db = d.map(FileChannel.MapMode.READ_WRITE, 0, capacity);
        MappedByteBuffer ib = i.map(FileChannel.MapMode.READ_WRITE, 0, maxMessages * 8);
        return new SessionStore(username, d, i, db, MemorySegment.ofBuffer(ib), capacity, maxMessages);
    }

    public String username() {
        return username;
    }

    /** The bytes; readers use only {@code [0, end(released()))}. */
    public MemorySegment data() {
        return data;
    }

    /** A new ByteBuffer view of the whole data area, for one reader's socket writes (create once per reader). */
    public ByteBuffer newView() {
        return dataBuffer.duplicate();
    }

    // ---- writer side

    /**
     * Room for a packet of {@code length} bytes: returns its offset in {@link #data()}; the writer
     * fills it and calls {@link #appended}. -1 when the store is full.
     */
    public long reserve(int length) {
        if (writtenBytes + length > capacity || written >= maxMessages) return -1;
        return writtenBytes;
    }

    /** Completes the packet reserved last. Not yet visible to readers. */
    public void appended(int length) {
        writtenBytes += length;
        index.set(ValueLayout.JAVA_LONG_UNALIGNED, written * 8, writtenBytes);
        written++;
    }

    /** Messages appended so far (released or not). Writer thread. */
    public long written() {
        return written;
    }

    /** Makes messages {@code 1..count} visible to readers. */
    public void release(long count) {
        RELEASED.setRelease(this, count); // pairs with the getAcquire in released()
    }

    // ---- reader side

    /** Messages readers may send: {@code 1..released()}. */
    public long released() {
        return (long) RELEASED.getAcquire(this); // pairs with the setRelease in release()
    }

    /** Byte offset just after message {@code n} (1-based); 0 for n = 0. Only for n <= released(). */
    public long end(long n) {
        return n <= 0 ? 0 : index.get(ValueLayout.JAVA_LONG_UNALIGNED, (n - 1) * 8);
    }

    @Override
    public void close() {
        try {
            dataChannel.close();
            indexChannel.close();
        } catch (IOException ignored) {
            // the mapping stays valid until unreachable; nothing to do
        }
    }
}
