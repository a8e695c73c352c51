package qsl.protocol.fix;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A parsed FIX message: the positions of its fields in the bytes it was parsed from, no
 * copies. Filled by {@link FixParser#parse}; valid until those bytes change. Reusable: one
 * instance per connection, arrays sized once, so reading a message allocates nothing.
 *
 * <p>Field {@code 0} is BeginString (8), {@code 1} BodyLength (9), {@code 2} MsgType (35);
 * the CheckSum (10) is not listed. Values are read by index ({@link #indexOf}) or by tag.
 * Numeric readers return {@link #MISSING} when the tag is absent and {@link #INVALID} when
 * the value is not what the reader expects; both are negative, so a reader that needs a
 * non-negative value tests {@code v < 0}.
 */
public final class FixMessage {
    /** Most fields one message may carry. */
    public static final int MAX_FIELDS = 256;
    /** A numeric reader's result when the tag is absent. */
    public static final long MISSING = Long.MIN_VALUE;
    /** A numeric reader's result when the value is malformed or out of range. */
    public static final long INVALID = Long.MIN_VALUE + 1;

    private final int[] tags = new int[MAX_FIELDS];
    private final long[] offsets = new long[MAX_FIELDS];
    private final int[] lengths = new int[MAX_FIELDS];
    private int count;
    private MemorySegment segment = MemorySegment.NULL;
    private long start;
    private int length;

    void reset(MemorySegment segment, long start) {
        this.segment = segment;
        this.start = start;
        this.count = 0;
        this.length = 0;
    }

    boolean add(int tag, long valueOffset, int valueLength) {
        if (count == MAX_FIELDS) return false;
        tags[count] = tag;
        offsets[count] = valueOffset;
        lengths[count] = valueLength;
        count++;
        return true;
    }

    void frameLength(int length) {
        this.length = length;
    }

    /** The bytes the message was parsed from. */
    public MemorySegment segment() { return segment; }

    /** Offset of the message's first byte ({@code 8=}) in {@link #segment()}. */
    public long start() { return start; }

    /** Length of the whole frame, trailer included (0 when the parse failed). */
    public int length() { return length; }

    /** Number of fields seen (CheckSum excluded). */
    public int count() { return count; }

    public int tag(int index) { return tags[index]; }

    public long valueOffset(int index) { return offsets[index]; }

    public int valueLength(int index) { return lengths[index]; }

    /** Index of the first field with {@code tag}, -1 if none. */
    public int indexOf(int tag) {
        for (int i = 0; i < count; i++) if (tags[i] == tag) return i;
        return -1;
    }

    /** Index of the first field with {@code tag} at or after {@code from}, -1 if none. */
    public int indexOf(int tag, int from) {
        for (int i = from; i < count; i++) if (tags[i] == tag) return i;
        return -1;
    }

    /** The MsgType's first byte (its only byte for every type qsl handles), 0 if absent. */
    public byte msgType() {
        return count > 2 && tags[2] == FixTags.MSG_TYPE ? segment.get(ValueLayout.JAVA_BYTE, offsets[2]) : 0;
    }

    /** Length of the MsgType value (1 for every type qsl handles). */
    public int msgTypeLength() {
        return count > 2 && tags[2] == FixTags.MSG_TYPE ? lengths[2] : 0;
    }

    /** A non-negative decimal integer (no sign, at most 18 digits), {@link #MISSING} or {@link #INVALID}. */
    public long getLong(int tag) {
        int i = indexOf(tag);
        return i < 0 ? MISSING : longAt(i);
    }

    /** The value at {@code index} as a non-negative decimal integer, or {@link #INVALID}. */
    public long longAt(int index) {
        return parseUnsigned(segment, offsets[index], lengths[index]);
    }

    /** Parses a non-negative decimal of 1..18 digits; {@link #INVALID} otherwise. */
    public static long parseUnsigned(MemorySegment s, long off, int len) {
        if (len < 1 || len > 18) return INVALID;
        long v = 0;
        for (int i = 0; i < len; i++) {
            int d = s.get(ValueLayout.JAVA_BYTE, off + i) - '0';
            if (d < 0 || d > 9) return INVALID;
            v = v * 10 + d;
        }
        return v;
    }

    /** A one-byte value, 0 when absent or not exactly one byte long. */
    public byte getChar(int tag) {
        int i = indexOf(tag);
        return i < 0 || lengths[i] != 1 ? 0 : segment.get(ValueLayout.JAVA_BYTE, offsets[i]);
    }

    /** A Boolean field: 1 for Y, 0 for N, -1 when absent, -2 for anything else. */
    public int getBoolean(int tag) {
        int i = indexOf(tag);
        if (i < 0) return -1;
        if (lengths[i] != 1) return -2;
        byte b = segment.get(ValueLayout.JAVA_BYTE, offsets[i]);
        return b == 'Y' ? 1 : b == 'N' ? 0 : -2;
    }

    /** Whether the field with {@code tag} exists and equals {@code expected} byte for byte. */
    public boolean valueEquals(int tag, byte[] expected) {
        int i = indexOf(tag);
        return i >= 0 && equalsAt(i, expected);
    }

    /** Whether the value at {@code index} equals {@code expected} byte for byte. */
    public boolean equalsAt(int index, byte[] expected) {
        if (lengths[index] != expected.length) return false;
        long off = offsets[index];
        for (int k = 0; k < expected.length; k++) {
            if (segment.get(ValueLayout.JAVA_BYTE, off + k) != expected[k]) return false;
        }
        return true;
    }

    /** The value at {@code index} as an ASCII string; for tests and logs, never on a hot path. */
    public String stringAt(int index) {
        byte[] b = new byte[lengths[index]];
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, offsets[index], b, 0, b.length);
        return new String(b, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The value of {@code tag} as a string, null when absent; for tests and logs only. */
    public String getString(int tag) {
        int i = indexOf(tag);
        return i < 0 ? null : stringAt(i);
    }
}
