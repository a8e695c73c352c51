package qsl.protocol.itch;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import qsl.protocol.mold.MoldBytes;

/**
 * Market-by-order message {@code 'S'} SYSTEM_EVENT: A system event: the start or end of the message stream. Fixed 10 bytes, big-endian.
 *
 * <pre>
 *  off len  field
 *    0 + 1  type 'S'
 *    1 + 8  engineSeq (i64): the engine command sequence number that caused it
 *    9 + 1  eventCode (u8): 'O' start of messages, 'C' end of messages
 *   10       end
 *
 *  +-+--------+-+
 *  |T|eeeeeeee|c|
 *  +-+--------+-+
 *  (one character a byte: T type, e engineSeq, c eventCode)
 * </pre>
 */
public final class SystemEventDescriptor {
    public static final byte TYPE = 'S';
    public static final int TYPE_OFFSET = 0;
    public static final int ENGINE_SEQ_OFFSET = 1;
    public static final int EVENT_CODE_OFFSET = 9;
    public static final int LENGTH = 10;

    private SystemEventDescriptor() {}

    public static long engineSeq(MemorySegment s, long at) { return s.get(MoldBytes.I64, at + ENGINE_SEQ_OFFSET); }
    public static byte eventCode(MemorySegment s, long at) { return s.get(ValueLayout.JAVA_BYTE, at + EVENT_CODE_OFFSET); }

    /** Writes the whole message at {@code at}; returns {@link #LENGTH}. */
    public static int write(MemorySegment s, long at, long engineSeq, byte eventCode) {
        s.set(ValueLayout.JAVA_BYTE, at + TYPE_OFFSET, TYPE);
        s.set(MoldBytes.I64, at + ENGINE_SEQ_OFFSET, engineSeq);
        s.set(ValueLayout.JAVA_BYTE, at + EVENT_CODE_OFFSET, eventCode);
        return LENGTH;
    }
}
