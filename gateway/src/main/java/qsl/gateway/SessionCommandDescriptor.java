package qsl.gateway;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Layout of the node's journal record {@link #TYPE} (16): one order-entry message as a session
 * sent it, tagged with who sent it. The same bytes travel the gateway -> engine ring and are
 * appended to the log unchanged; the engine thread's {@code SessionMachine} is a pure function
 * of these records, so replaying them rebuilds the engine, every session's token map and every
 * session's sequenced output byte for byte.
 *
 * <pre>
 *   0       1                               8
 *   +-------+-------------------------------+
 *   |origin |      reserved (7 zero bytes)  |
 *   +-------+-------------------------------+
 *   |  username (8 ASCII bytes, space padded, read as a big-endian long)  |  8
 *   +-------------------------------+-------------------------------+
 *   |        account (i32 LE)       |   message length (i32 LE)     | 16
 *   +-------------------------------+-------------------------------+
 *   |  the order-entry message exactly as received (big-endian)     | 24
 *   |  ...                                                          |
 *   +---------------------------------------------------------------+ 24 + length
 * </pre>
 * {@code origin} is {@link #ORIGIN_CLIENT} for a message a client sent, {@link #ORIGIN_NODE}
 * for one the node made itself (the mass cancel of cancel-on-disconnect).
 */
public final class SessionCommandDescriptor {
    /** WAL and ring record type of a session command. */
    public static final int TYPE = 16;

    public static final int ORIGIN_OFFSET = 0;
    public static final int USERNAME_OFFSET = 8;
    public static final int ACCOUNT_OFFSET = 16;
    public static final int MESSAGE_LENGTH_OFFSET = 20;
    public static final int MESSAGE_OFFSET = 24;
    public static final int HEADER_LENGTH = 24;

    public static final byte ORIGIN_CLIENT = 0;
    public static final byte ORIGIN_NODE = 1;

    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong BE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private SessionCommandDescriptor() {}

    public static byte origin(MemorySegment s, long at) { return s.get(ValueLayout.JAVA_BYTE, at + ORIGIN_OFFSET); }
    public static long username(MemorySegment s, long at) { return s.get(BE64, at + USERNAME_OFFSET); }
    public static int account(MemorySegment s, long at) { return s.get(I32, at + ACCOUNT_OFFSET); }
    public static int messageLength(MemorySegment s, long at) { return s.get(I32, at + MESSAGE_LENGTH_OFFSET); }

    /** Writes the header; the caller copies the message to {@code at + MESSAGE_OFFSET}. */
    public static void writeHeader(MemorySegment s, long at, byte origin, long username, int account, int messageLength) {
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at, 0L);
        s.set(ValueLayout.JAVA_BYTE, at + ORIGIN_OFFSET, origin);
        s.set(BE64, at + USERNAME_OFFSET, username);
        s.set(I32, at + ACCOUNT_OFFSET, account);
        s.set(I32, at + MESSAGE_LENGTH_OFFSET, messageLength);
    }

    /** A username as its 8-byte space-padded big-endian key. */
    public static long usernameKey(String name) {
        long k = 0;
        for (int i = 0; i < 8; i++) k = (k << 8) | (i < name.length() ? name.charAt(i) & 0xFF : ' ');
        return k;
    }

    /** The same key from {@code length} ASCII bytes at {@code at} (a wire field, without a String). */
    public static long usernameKey(MemorySegment bytes, long at, int length) {
        long k = 0;
        for (int i = 0; i < 8; i++) k = (k << 8) | (i < length ? bytes.get(ValueLayout.JAVA_BYTE, at + i) & 0xFF : ' ');
        return k;
    }

    /** The username a key holds, trailing spaces removed (not for hot paths). */
    public static String usernameOf(long key) {
        StringBuilder b = new StringBuilder(8);
        for (int i = 7; i >= 0; i--) b.append((char) ((key >>> (i * 8)) & 0xFF));
        return b.toString().stripTrailing();
    }
}
