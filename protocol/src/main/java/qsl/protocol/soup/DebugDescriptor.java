package qsl.protocol.soup;

import java.lang.foreign.MemorySegment;

/**
 * Debug packet ({@code '+'}, either direction): free-form human-readable text that the receiver
 * may log and otherwise ignores. The decoder accepts any bytes as text.
 *
 * <pre>
 *   0       2     3
 *   +-------+-----+-------------------------------+
 *   |  len  | '+' | text (len - 1 bytes)          |
 *   +-------+-----+-------------------------------+
 *     u16 BE = 1 + text length
 * </pre>
 */
public final class DebugDescriptor {
    public static final byte TYPE = SoupPacketType.DEBUG;
    public static final int TEXT_OFFSET = SoupHeaderDescriptor.PAYLOAD_OFFSET;

    private DebugDescriptor() {}

    public static int textLength(MemorySegment s, long at) {
        return SoupHeaderDescriptor.payloadLength(s, at);
    }

    /** The text; allocates (logs). Bytes outside printable ASCII show as '?'. */
    public static String text(MemorySegment s, long at) {
        int n = textLength(s, at);
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            byte b = s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, at + TEXT_OFFSET + i);
            c[i] = b >= 0x20 && b <= 0x7E ? (char) b : '?';
        }
        return new String(c);
    }

    /** Writes a whole Debug frame with printable ASCII {@code text}; returns the frame length. */
    public static int write(MemorySegment s, long at, CharSequence text) {
        int n = text.length();
        int frame = SoupHeaderDescriptor.write(s, at, TYPE, n);
        SoupAscii.putAlphaLeft(s, at + TEXT_OFFSET, n, text);
        return frame;
    }
}
