package qsl.protocol.itch;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import qsl.protocol.mold.MoldBytes;

/**
 * Market-by-order message {@code 'R'} SYMBOL_DIRECTORY: A symbol's id and its 8-byte ASCII name (space padded); sent at the start of each session and in snapshots. Fixed 21 bytes, big-endian.
 *
 * <pre>
 *  off len  field
 *    0 + 1  type 'R'
 *    1 + 8  engineSeq (i64): the engine command sequence number that caused it
 *    9 + 4  symbol (i32): engine symbol id (>= 0)
 *   13 + 8  name (ascii8): symbol name, printable ASCII, space padded
 *   21       end
 *
 *  +-+--------+----+--------+
 *  |T|eeeeeeee|yyyy|nnnnnnnn|
 *  +-+--------+----+--------+
 *  (one character a byte: T type, e engineSeq, y symbol, n name)
 * </pre>
 */
public final class SymbolDirectoryDescriptor {
    public static final byte TYPE = 'R';
    public static final int TYPE_OFFSET = 0;
    public static final int ENGINE_SEQ_OFFSET = 1;
    public static final int SYMBOL_OFFSET = 9;
    public static final int NAME_OFFSET = 13;
    public static final int NAME_LENGTH = 8;
    public static final int LENGTH = 21;

    private SymbolDirectoryDescriptor() {}

    public static long engineSeq(MemorySegment s, long at) { return s.get(MoldBytes.I64, at + ENGINE_SEQ_OFFSET); }
    public static int symbol(MemorySegment s, long at) { return s.get(MoldBytes.I32, at + SYMBOL_OFFSET); }
    /** Offset of the 8 ASCII bytes of name. */
    public static long nameAt(long at) { return at + NAME_OFFSET; }

    /** Writes the whole message at {@code at}; returns {@link #LENGTH}. */
    public static int write(MemorySegment s, long at, long engineSeq, int symbol, MemorySegment name, long nameAt) {
        s.set(ValueLayout.JAVA_BYTE, at + TYPE_OFFSET, TYPE);
        s.set(MoldBytes.I64, at + ENGINE_SEQ_OFFSET, engineSeq);
        s.set(MoldBytes.I32, at + SYMBOL_OFFSET, symbol);
        MemorySegment.copy(name, nameAt, s, at + NAME_OFFSET, NAME_LENGTH);
        return LENGTH;
    }
}
