package qsl.protocol.itch;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import qsl.protocol.mold.MoldBytes;

/**
 * Market-by-order message {@code 'G'} END_OF_SNAPSHOT: Closes a snapshot: the book sent before it includes every feed message up to and including feedSequence of session. Fixed 27 bytes, big-endian.
 *
 * <pre>
 *  off len  field
 *    0 + 1  type 'G'
 *    1 + 8  engineSeq (i64): the engine command sequence number that caused it
 *    9 + 8  feedSequence (i64): the last MoldUDP64 sequence number the snapshot includes (0: none)
 *   17 +10  session (ascii10): the MoldUDP64 session the sequence belongs to
 *   27       end
 *
 *  +-+--------+--------+----------+
 *  |T|eeeeeeee|ffffffff|SSSSSSSSSS|
 *  +-+--------+--------+----------+
 *  (one character a byte: T type, e engineSeq, f feedSequence, S session)
 * </pre>
 */
public final class EndOfSnapshotDescriptor {
    public static final byte TYPE = 'G';
    public static final int TYPE_OFFSET = 0;
    public static final int ENGINE_SEQ_OFFSET = 1;
    public static final int FEED_SEQUENCE_OFFSET = 9;
    public static final int SESSION_OFFSET = 17;
    public static final int SESSION_LENGTH = 10;
    public static final int LENGTH = 27;

    private EndOfSnapshotDescriptor() {}

    public static long engineSeq(MemorySegment s, long at) { return s.get(MoldBytes.I64, at + ENGINE_SEQ_OFFSET); }
    public static long feedSequence(MemorySegment s, long at) { return s.get(MoldBytes.I64, at + FEED_SEQUENCE_OFFSET); }
    /** Offset of the 10 ASCII bytes of session. */
    public static long sessionAt(long at) { return at + SESSION_OFFSET; }

    /** Writes the whole message at {@code at}; returns {@link #LENGTH}. */
    public static int write(MemorySegment s, long at, long engineSeq, long feedSequence, MemorySegment session, long sessionAt) {
        s.set(ValueLayout.JAVA_BYTE, at + TYPE_OFFSET, TYPE);
        s.set(MoldBytes.I64, at + ENGINE_SEQ_OFFSET, engineSeq);
        s.set(MoldBytes.I64, at + FEED_SEQUENCE_OFFSET, feedSequence);
        MemorySegment.copy(session, sessionAt, s, at + SESSION_OFFSET, SESSION_LENGTH);
        return LENGTH;
    }
}
