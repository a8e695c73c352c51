package qsl.protocol.fix;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A total FIX 4.4 tag=value parser: any bytes give a message, "need more", or a typed error
 * ({@link FixError}) naming a tag and a reason. It never throws on input and allocates nothing.
 *
 * <p>Frame checks, in order, on every message:
 * <pre>
 *   8=FIX.4.4 SOH 9=&lt;len&gt; SOH  &lt;body: len bytes, ends with SOH&gt;  10=&lt;nnn&gt; SOH
 *   |---- BeginString ----|--- BodyLength ---|                       |--- CheckSum ---|
 * </pre>
 * BeginString must be exactly {@code FIX.4.4} and first; BodyLength second, 1..7 digits, at
 * most {@link #MAX_MESSAGE}; the body is exactly BodyLength bytes and is followed by
 * {@code 10=} three digits SOH; the CheckSum is the sum of every byte before {@code 10=}
 * modulo 256. Then each body field is {@code tag=value SOH} with a decimal tag of 1..9 digits
 * (no leading zero) and a non-empty value; MsgType (35) must be the first body field.
 *
 * <p>{@link #parse} returns the frame length (&gt; 0) for a message, 0 when the bytes are a
 * prefix of a message that may still be valid, or -1 for an error. After an error,
 * {@link #errorTag()}, {@link #errorReason()} and {@link #errorSkip()} (bytes to discard
 * before parsing again, always &ge; 1) describe it. For a field error the frame was intact:
 * the message view holds the fields read before the bad one, so a session can still answer
 * with a Reject naming MsgSeqNum.
 */
public final class FixParser {
    /** Largest frame accepted. */
    public static final int MAX_MESSAGE = 16 * 1024;
    /** Result of {@link #parse} when the bytes are an incomplete prefix. */
    public static final int NEED_MORE = 0;
    /** Result of {@link #parse} on an error. */
    public static final int ERROR = -1;

    static final byte SOH = 1;
    private static final byte[] BEGIN = {'8', '=', 'F', 'I', 'X', '.', '4', '.', '4', SOH, '9', '='};
    private static final int MAX_LENGTH_DIGITS = 7;

    private int errorTag;
    private byte errorReason;
    private int errorSkip;

    /** Tag named by the last error (8, 9, 10, 35 or the offending field's tag; 0 if unreadable). */
    public int errorTag() { return errorTag; }

    /** {@link FixError} reason of the last error. */
    public byte errorReason() { return errorReason; }

    /** Bytes to discard after the last error before trying again; at least 1. */
    public int errorSkip() { return errorSkip; }

    private int fail(int tag, byte reason, int skip) {
        errorTag = tag;
        errorReason = reason;
        errorSkip = Math.max(1, skip);
        return ERROR;
    }

    /**
     * Parses one message starting at {@code offset}, reading at most {@code available} bytes.
     *
     * @return the frame length, {@link #NEED_MORE} or {@link #ERROR}
     */
    public int parse(MemorySegment s, long offset, long available, FixMessage out) {
        out.reset(s, offset);
        if (available <= 0) return NEED_MORE;
        int avail = (int) Math.min(available, Integer.MAX_VALUE);
        // BeginString and the start of BodyLength: a fixed prefix.
        int pre = Math.min(avail, BEGIN.length);
        for (int i = 0; i < pre; i++) {
            if (s.get(ValueLayout.JAVA_BYTE, offset + i) != BEGIN[i]) {
                return fail(i < 10 ? FixTags.BEGIN_STRING : FixTags.BODY_LENGTH,
                        i < 10 ? FixError.BAD_BEGIN_STRING : FixError.BAD_BODY_LENGTH, resync(s, offset, avail));
            }
        }
        if (avail < BEGIN.length) return NEED_MORE;
        // BodyLength digits.
        int pos = BEGIN.length;
        long bodyLength = 0;
        int digits = 0;
        while (true) {
            if (pos >= avail) return NEED_MORE;
            byte b = s.get(ValueLayout.JAVA_BYTE, offset + pos);
            if (b == SOH) break;
            int d = b - '0';
            if (d < 0 || d > 9 || digits == MAX_LENGTH_DIGITS || (digits == 0 && d == 0)) {
                return fail(FixTags.BODY_LENGTH, FixError.BAD_BODY_LENGTH, resync(s, offset, avail));
            }
            bodyLength = bodyLength * 10 + d;
            digits++;
            pos++;
        }
        if (digits == 0) return fail(FixTags.BODY_LENGTH, FixError.BAD_BODY_LENGTH, resync(s, offset, avail));
        pos++; // SOH
        int bodyStart = pos;
        long total = bodyStart + bodyLength + 7;
        if (total > MAX_MESSAGE) return fail(FixTags.BODY_LENGTH, FixError.TOO_LARGE, resync(s, offset, avail));
        int trailer = (int) (bodyStart + bodyLength);
        // The trailer must start where BodyLength says; check what has arrived so far.
        int have = (int) Math.min(avail, total);
        for (int i = trailer; i < have; i++) {
            byte b = s.get(ValueLayout.JAVA_BYTE, offset + i);
            int k = i - trailer;
            boolean ok = switch (k) {
                case 0 -> b == '1';
                case 1 -> b == '0';
                case 2 -> b == '=';
                case 6 -> b == SOH;
                default -> b >= '0' && b <= '9';
            };
            if (!ok) {
                return fail(k <= 2 ? FixTags.BODY_LENGTH : FixTags.CHECK_SUM,
                        k <= 2 ? FixError.BODY_LENGTH_MISMATCH : FixError.BAD_CHECKSUM, resync(s, offset, avail));
            }
        }
        if (avail < total) return NEED_MORE;
        if (bodyLength == 0 || s.get(ValueLayout.JAVA_BYTE, offset + trailer - 1) != SOH) {
            return fail(FixTags.BODY_LENGTH, FixError.BODY_LENGTH_MISMATCH, resync(s, offset, avail));
        }
        int sum = 0;
        for (int i = 0; i < trailer; i++) sum += s.get(ValueLayout.JAVA_BYTE, offset + i);
        int declared = (s.get(ValueLayout.JAVA_BYTE, offset + trailer + 3) - '0') * 100
                + (s.get(ValueLayout.JAVA_BYTE, offset + trailer + 4) - '0') * 10
                + (s.get(ValueLayout.JAVA_BYTE, offset + trailer + 5) - '0');
        int frame = (int) total;
        if ((sum & 0xFF) != declared) return fail(FixTags.CHECK_SUM, FixError.BAD_CHECKSUM, frame);
        // The frame is intact: list its fields.
        out.add(FixTags.BEGIN_STRING, offset + 2, 7);
        out.add(FixTags.BODY_LENGTH, offset + BEGIN.length, digits);
        out.frameLength(frame);
        pos = bodyStart;
        while (pos < trailer) {
            int tag = 0;
            int tagDigits = 0;
            int fieldStart = pos;
            byte b;
            while ((b = s.get(ValueLayout.JAVA_BYTE, offset + pos)) != '=' && b != SOH) {
                int d = b - '0';
                if (d < 0 || d > 9 || tagDigits == 9 || (tagDigits == 0 && d == 0)) tag = -1;
                if (tag >= 0) tag = tag * 10 + d;
                tagDigits++;
                pos++;
            }
            if (tagDigits == 0) tag = -1;
            if (b == SOH) return fail(Math.max(tag, 0), FixError.NO_EQUALS, frame);
            if (tag < 0) return fail(0, FixError.BAD_TAG, frame);
            pos++; // '='
            int valueStart = pos;
            while (s.get(ValueLayout.JAVA_BYTE, offset + pos) != SOH) pos++;
            int valueLength = pos - valueStart;
            pos++; // SOH
            if (valueLength == 0) return fail(tag, FixError.EMPTY_VALUE, frame);
            if (fieldStart == bodyStart && tag != FixTags.MSG_TYPE) {
                return fail(FixTags.MSG_TYPE, FixError.MSG_TYPE_NOT_THIRD, frame);
            }
            if (tag == FixTags.BEGIN_STRING || tag == FixTags.BODY_LENGTH || tag == FixTags.CHECK_SUM) {
                return fail(tag, FixError.MISPLACED_HEADER, frame);
            }
            if (!out.add(tag, offset + valueStart, valueLength)) return fail(tag, FixError.TOO_MANY_FIELDS, frame);
        }
        return frame;
    }

    /** Bytes to skip to reach the next possible {@code 8=FIX} after {@code offset}, keeping a partial one at the end. */
    private static int resync(MemorySegment s, long offset, int avail) {
        for (int i = 1; i < avail; i++) {
            int n = Math.min(5, avail - i);
            boolean match = true;
            for (int k = 0; k < n; k++) {
                if (s.get(ValueLayout.JAVA_BYTE, offset + i + k) != BEGIN[k]) { match = false; break; }
            }
            if (match) return i;
        }
        return avail;
    }
}
