package qsl.protocol.itch;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import qsl.protocol.mold.MoldBytes;

/**
 * The snapshot request a client sends on the snapshot service's TCP connection, as one
 * length-prefixed block (u16 length = 5, then the request). Big-endian.
 *
 * <pre>
 *   0       2     3                       7
 *   +-------+-----+-----------------------+
 *   | 00 05 | 'Q' |  symbol (i32)         |
 *   +-------+-----+-----------------------+
 * </pre>
 * {@code symbol} is one symbol id, or {@link #ALL_SYMBOLS} (-1) for every symbol. The answer is a
 * stream of length-prefixed market-by-order messages ending with END_OF_SNAPSHOT; then the server
 * closes the connection.
 */
public final class SnapshotRequestDescriptor {
    public static final byte TYPE = 'Q';
    public static final int LENGTH_FIELD_OFFSET = 0;
    public static final int TYPE_OFFSET = 2;
    public static final int SYMBOL_OFFSET = 3;
    /** Bytes on the wire, the length field included. */
    public static final int FRAME_LENGTH = 7;
    /** The value of the length field. */
    public static final int LENGTH = 5;
    public static final int ALL_SYMBOLS = -1;

    private SnapshotRequestDescriptor() {}

    public static int symbol(MemorySegment s, long at) { return s.get(MoldBytes.I32, at + SYMBOL_OFFSET); }

    /** Writes the whole frame; returns {@link #FRAME_LENGTH}. */
    public static int write(MemorySegment s, long at, int symbol) {
        s.set(MoldBytes.U16, at + LENGTH_FIELD_OFFSET, (short) LENGTH);
        s.set(ValueLayout.JAVA_BYTE, at + TYPE_OFFSET, TYPE);
        s.set(MoldBytes.I32, at + SYMBOL_OFFSET, symbol);
        return FRAME_LENGTH;
    }

    /** Checks {@code length} bytes at {@code at} as a request frame: 0, or a negative {@link ItchError}. */
    public static int decode(MemorySegment s, long at, int length) {
        if (length <= 0 || at < 0 || at > s.byteSize() - length) return ItchError.EMPTY;
        if (length != FRAME_LENGTH || Short.toUnsignedInt(s.get(MoldBytes.U16, at)) != LENGTH) return ItchError.BAD_LENGTH;
        if (s.get(ValueLayout.JAVA_BYTE, at + TYPE_OFFSET) != TYPE) return ItchError.UNKNOWN_TYPE;
        return symbol(s, at) < ALL_SYMBOLS ? ItchError.BAD_SYMBOL : 0;
    }
}
