package qsl.gateway.fix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The FIX gateway's journal: one append-only file ({@code fix.journal}) of the records below,
 * written through a buffer and forced by {@link #sync()}. With the node's journal (which holds
 * the commands and so every venue response), it rebuilds each FIX session after a restart:
 * sequence numbers, the application messages a resend needs and the live orders with their
 * ClOrdIDs (see {@code docs/fix.md}).
 *
 * <pre>
 *   record:   length (i32, bytes after this field) | crc32c (i32, of kind..payload) | kind (u8) | session (i32) | payload
 *   kind 'O'  outbound application message: seq (i64) | type (u8) | sendingTime (i64) | body bytes
 *   kind 'I'  inbound application message:  now (i64) | consumed (i64) | raw FIX frame
 *   kind 'N'  counters: nextOut (i64) | nextIn (i64) | execIds (i64) | consumed (i64)
 *   kind 'R'  sequence reset (ResetSeqNumFlag): no payload
 * </pre>
 * {@code consumed} is how many of the session's venue responses the session had processed when
 * the record was written. Little-endian. A torn or damaged tail (crash mid-write) is cut off when
 * the journal is opened again.
 */
public final class FixFileJournal implements FixJournal, AutoCloseable {
    public static final String FILE = "fix.journal";
    static final byte OUT = 'O', IN = 'I', COUNTERS = 'N', RESET = 'R';
    static final int HEADER = 4 + 4 + 1 + 4;

    private final FileChannel channel;
    private final ByteBuffer buffer;
    private final MemorySegment buf;
    private final boolean force;
    private final long[] consumed;
    private boolean dirty;

    /**
     * @param force whether {@link #sync()} forces the file to the device (false: written to the OS only)
     */
    public FixFileJournal(Path dir, int maxSessions, boolean force) throws IOException {
        Files.createDirectories(dir);
        long intact = read(dir, null);
        this.channel = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.truncate(intact); // cut a torn tail so new records follow the last intact one
        channel.position(intact);
        this.buffer = ByteBuffer.allocateDirect(4 << 20).order(ByteOrder.LITTLE_ENDIAN);
        this.buf = MemorySegment.ofBuffer(buffer);
        this.view = buffer.duplicate();
        this.force = force;
        this.consumed = new long[maxSessions];
    }

    /** Sets how many venue responses {@code session} has processed (stamped on its next records). */
    void consumed(int session, long n) {
        consumed[session] = n;
    }

    long consumed(int session) {
        return consumed[session];
    }

    private final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    private final ByteBuffer view; // a second cursor over the buffer, for the CRC (no per-record duplicate)
    private long open = -1;

    private void end() {
        if (open < 0) return;
        int total = buffer.position() - (int) open;
        view.limit((int) open + total).position((int) open + 8);
        crc.reset();
        crc.update(view);
        buf.set(I32, open + 4, (int) crc.getValue());
        open = -1;
    }

    private long begin(byte kind, int session, int payload) {
        end();
        int total = HEADER + payload;
        if (buffer.position() + total > buffer.capacity()) flush();
        if (total > buffer.capacity()) throw new IllegalArgumentException("record too large");
        long at = buffer.position();
        buf.set(I32, at, total - 4);
        buf.set(ValueLayout.JAVA_BYTE, at + 8, kind);
        buf.set(I32, at + 9, session);
        buffer.position((int) (at + total));
        open = at;
        dirty = true;
        return at + HEADER;
    }

    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Override
    public void outbound(int session, long seq, byte type, long sendingTime, MemorySegment s, long off, int len) {
        long at = begin(OUT, session, 17 + len);
        buf.set(I64, at, seq);
        buf.set(ValueLayout.JAVA_BYTE, at + 8, type);
        buf.set(I64, at + 9, sendingTime);
        MemorySegment.copy(s, off, buf, at + 17, len);
    }

    @Override
    public void inbound(int session, long now, MemorySegment s, long off, int len) {
        long at = begin(IN, session, 16 + len);
        buf.set(I64, at, now);
        buf.set(I64, at + 8, consumed[session]);
        MemorySegment.copy(s, off, buf, at + 16, len);
    }

    @Override
    public void reset(int session) {
        begin(RESET, session, 0);
    }

    @Override
    public void response(int session, long now, MemorySegment record, long off) {
        // The node's journal holds every response; only how many were consumed is kept here.
    }

    @Override
    public void counters(int session, long nextOut, long nextIn, long execIds) {
        long at = begin(COUNTERS, session, 32);
        buf.set(I64, at, nextOut);
        buf.set(I64, at + 8, nextIn);
        buf.set(I64, at + 16, execIds);
        buf.set(I64, at + 24, consumed[session]);
    }

    private void flush() {
        end();
        buffer.flip();
        try {
            while (buffer.hasRemaining()) channel.write(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        buffer.clear();
    }

    @Override
    public void sync() {
        if (!dirty) return;
        flush();
        if (force) {
            try {
                channel.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        dirty = false;
    }

    @Override
    public void close() throws IOException {
        sync();
        channel.close();
    }

    /** Receives the records of a journal file in order. */
    interface Reader {
        void outbound(int session, long seq, byte type, long sendingTime, MemorySegment s, long off, int len);

        void inbound(int session, long now, long consumed, MemorySegment s, long off, int len);

        void counters(int session, long nextOut, long nextIn, long execIds, long consumed);

        void reset(int session);
    }

    /** Reads every intact record of {@code dir}'s journal (to {@code to} unless null); returns the intact length in bytes. */
    static long read(Path dir, Reader to) throws IOException {
        Path f = dir.resolve(FILE);
        if (!Files.exists(f)) return 0;
        MemorySegment s = MemorySegment.ofArray(Files.readAllBytes(f));
        ValueLayout.OfInt i32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        long at = 0;
        long size = s.byteSize();
        java.util.zip.CRC32C check = new java.util.zip.CRC32C();
        while (at + HEADER <= size) {
            int len = s.get(i32, at);
            if (len < HEADER - 4 || at + 4 + len > size) break; // torn tail
            check.reset();
            check.update(s.asSlice(at + 8, len - 4).asByteBuffer());
            if ((int) check.getValue() != s.get(i32, at + 4)) break; // damaged tail
            byte kind = s.get(ValueLayout.JAVA_BYTE, at + 8);
            int session = s.get(i32, at + 9);
            if (to == null) { at += 4 + len; continue; }
            long p = at + HEADER;
            int payload = len - (HEADER - 4);
            switch (kind) {
                case OUT -> to.outbound(session, s.get(I64, p), s.get(ValueLayout.JAVA_BYTE, p + 8), s.get(I64, p + 9), s,
                        p + 17, payload - 17);
                case IN -> to.inbound(session, s.get(I64, p), s.get(I64, p + 8), s, p + 16, payload - 16);
                case RESET -> to.reset(session);
                case COUNTERS -> to.counters(session, s.get(I64, p), s.get(I64, p + 8), s.get(I64, p + 16), s.get(I64, p + 24));
                default -> { return at; }
            }
            at += 4 + len;
        }
        return at;
    }
}
