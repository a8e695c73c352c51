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
 * <p>The file is derived data: the journal regenerates it. A snapshot records how many messages
 * and bytes each store held at its log sequence and syncs that prefix first ({@link #force}); a
 * restart keeps that prefix ({@link #restore}) and regenerates the rest from the log after the
 * snapshot, overwriting whatever a crash left beyond it.
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
    private final MappedByteBuffer dataBuffer;
    private final MappedByteBuffer indexBuffer;
    private final MemorySegment data;
    private final MemorySegment index;
    private final long capacity;
    private final long maxMessages;

    private long written;      // writer thread only
    private long writtenBytes; // writer thread only
    @SuppressWarnings("unused") // through RELEASED
    private volatile long released;

    private SessionStore(String username, MappedByteBuffer db, MappedByteBuffer ib, long capacity, long maxMessages) {
        this.username = username;
        this.dataBuffer = db;
        this.indexBuffer = ib;
        this.data = MemorySegment.ofBuffer(db);
        this.index = MemorySegment.ofBuffer(ib);
        this.capacity = capacity;
        this.maxMessages = maxMessages;
    }

    /**
     * Opens (creating if absent) the store files {@code <dir>/<username>.out} and {@code .idx};
     * capacity below 2 GiB. The store starts empty ({@link #written()} 0) whatever the files hold:
     * {@link #restore} keeps a prefix a snapshot made durable.
     */
    public static SessionStore open(Path dir, String username, long capacity) throws IOException {
        return open(dir, username, capacity, false);
    }

    /** Creates the store files, truncating any that exist (a store with nothing to keep). */
    public static SessionStore create(Path dir, String username, long capacity) throws IOException {
        return open(dir, username, capacity, true);
    }

    private static SessionStore open(Path dir, String username, long capacity, boolean truncate) throws IOException {
        if (capacity < 4096 || capacity > Integer.MAX_VALUE) throw new IllegalArgumentException("store capacity out of range: " + capacity);
        StandardOpenOption t = truncate ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.READ;
        long maxMessages = capacity / 13; // the smallest response packet is 3 + 10 bytes
        // The mappings outlive the channels (FileChannel.map): a store holds no file descriptor, so a node
        // with hundreds of accounts does not hold two descriptors per account (which also pushed every
        // socket's descriptor number up).
        try (FileChannel d = FileChannel.open(dir.resolve(username + ".out"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                     StandardOpenOption.WRITE, t);
             FileChannel i = FileChannel.open(dir.resolve(username + ".idx"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                     StandardOpenOption.WRITE, t)) {
            MappedByteBuffer db = d.map(FileChannel.MapMode.READ_WRITE, 0, capacity);
            MappedByteBuffer ib = i.map(FileChannel.MapMode.READ_WRITE, 0, maxMessages * 8);
            return new SessionStore(username, db, ib, capacity, maxMessages);
        }
    }

    /**
     * Keeps messages {@code 1..messages} ({@code bytes} bytes) as written and released, as a
     * snapshot recorded them; anything after them will be overwritten. Before the node runs.
     * Returns null, or why the files do not hold that prefix (then the snapshot cannot be used).
     */
    public String restore(long messages, long bytes) {
        if (messages < 0 || messages > maxMessages || bytes < 0 || bytes > capacity) {
            return username + ": " + messages + " messages / " + bytes + " bytes do not fit the store (" + maxMessages + " / " + capacity + ")";
        }
        long end = messages == 0 ? 0 : index.get(ValueLayout.JAVA_LONG_UNALIGNED, (messages - 1) * 8);
        if (end != bytes) return username + ": the store index says message " + messages + " ends at " + end + ", the snapshot says " + bytes;
        written = messages;
        writtenBytes = bytes;
        release(messages);
        return null;
    }

    /**
     * Makes messages {@code 1..messages} ({@code bytes} bytes) durable (msync of that prefix of both
     * files). Any thread, for a prefix the writer has finished: the writer keeps appending after it.
     */
    public void force(long messages, long bytes) {
        if (bytes > 0) dataBuffer.force(0, (int) bytes);
        if (messages > 0) indexBuffer.force(0, (int) (messages * 8));
    }

    /** Bytes appended so far (released or not). Writer thread. */
    public long writtenBytes() {
        return writtenBytes;
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

    /** Nothing to release: the store holds no file descriptor, and its mappings last until it is unreachable. */
    @Override
    public void close() {
        // nothing held
    }
}
