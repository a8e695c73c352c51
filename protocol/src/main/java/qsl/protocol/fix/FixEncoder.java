package qsl.protocol.fix;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Writes one FIX 4.4 message at a time into a caller's segment, allocation free: body fields
 * first, then {@link #finish()} puts BeginString and BodyLength in front of the body and the
 * CheckSum after it.
 *
 * <pre>
 *   0        HEADROOM-h      HEADROOM                     end      end+7
 *   |  unused | 8=FIX.4.4 9=n | 35=X ... body fields ...  | 10=nnn |
 *             ^ start()        ^ body written by put*()
 * </pre>
 * The segment must hold {@link #CAPACITY} bytes. A put past the capacity is dropped and
 * {@link #overflowed()} turns true (the caller sizes messages well below it).
 */
public final class FixEncoder {
    /** Bytes reserved in front of the body for BeginString and BodyLength. */
    public static final int HEADROOM = 24;
    /** Bytes the buffer must hold. */
    public static final int CAPACITY = FixParser.MAX_MESSAGE + HEADROOM;

    private static final byte SOH = 1;
    private static final byte[] BEGIN = {'8', '=', 'F', 'I', 'X', '.', '4', '.', '4', SOH, '9', '='};

    private final MemorySegment buf;
    private long pos;
    private long start;
    private long end;
    private boolean overflow;

    public FixEncoder(MemorySegment buf) {
        if (buf.byteSize() < CAPACITY) throw new IllegalArgumentException("buffer < " + CAPACITY);
        this.buf = buf;
    }

    public MemorySegment buffer() { return buf; }

    /** Offset of the finished message's first byte. */
    public long start() { return start; }

    /** Length of the finished message. */
    public int length() { return (int) (end - start); }

    public boolean overflowed() { return overflow; }

    /** Starts a message whose MsgType is one byte. */
    public FixEncoder begin(byte msgType) {
        pos = HEADROOM;
        overflow = false;
        putTagEq(FixTags.MSG_TYPE);
        putByte(msgType);
        putByte(SOH);
        return this;
    }

    /** Current body write position (for {@link #bodyBytesSince}). */
    public long position() { return pos; }

    private void putByte(int b) {
        if (pos >= CAPACITY - 8) { overflow = true; return; }
        buf.set(ValueLayout.JAVA_BYTE, pos++, (byte) b);
    }

    private void putTagEq(int tag) {
        putDigits(tag);
        putByte('=');
    }

    private void putDigits(long v) {
        if (v < 0) { putByte('-'); v = -v; }
        if (v < 10) { putByte((int) ('0' + v)); return; }
        int n = 1;
        for (long t = v / 10; t != 0; t /= 10) n++;
        if (pos + n >= CAPACITY - 8) { overflow = true; return; }
        for (int i = n - 1; i >= 0; i--) {
            buf.set(ValueLayout.JAVA_BYTE, pos + i, (byte) ('0' + (v % 10)));
            v /= 10;
        }
        pos += n;
    }

    /** {@code tag=v} in plain decimal ({@code v >= 0}, or Long.MIN_VALUE excluded). */
    public FixEncoder putLong(int tag, long v) {
        putTagEq(tag);
        putDigits(v);
        putByte(SOH);
        return this;
    }

    public FixEncoder putChar(int tag, byte c) {
        putTagEq(tag);
        putByte(c);
        putByte(SOH);
        return this;
    }

    public FixEncoder putBoolean(int tag, boolean v) {
        return putChar(tag, v ? (byte) 'Y' : (byte) 'N');
    }

    public FixEncoder putBytes(int tag, byte[] value) {
        putTagEq(tag);
        for (byte b : value) putByte(b);
        putByte(SOH);
        return this;
    }

    public FixEncoder putBytes(int tag, MemorySegment s, long off, int len) {
        putTagEq(tag);
        putRawBytes(s, off, len);
        putByte(SOH);
        return this;
    }

    /** Copies bytes verbatim into the body (pre-encoded fields ending with SOH). */
    public FixEncoder putRawBytes(MemorySegment s, long off, int len) {
        if (pos + len >= CAPACITY - 8) { overflow = true; return this; }
        MemorySegment.copy(s, off, buf, pos, len);
        pos += len;
        return this;
    }

    /** {@code units * 10^-decimals} as a decimal with trailing fractional zeros removed. */
    public FixEncoder putDecimal(int tag, long units, int decimals) {
        return putRatio(tag, units, 1, decimals, 0);
    }

    /**
     * {@code num / den} units (of {@code 10^-decimals}) as a decimal: exact to
     * {@code decimals + extraDigits} fractional digits (truncated), trailing zeros removed.
     * {@code num >= 0}, {@code den >= 1}.
     */
    public FixEncoder putRatio(int tag, long num, long den, int decimals, int extraDigits) {
        putTagEq(tag);
        long q = num / den;
        long r = num % den;
        long p = FixDecimal.pow10(decimals);
        putDigits(q / p);
        long frac = q % p;
        int fracDigits = decimals + extraDigits;
        if (fracDigits > 0) {
            long mark = pos;
            putByte('.');
            long lastNonZero = -1;
            for (int i = decimals - 1; i >= 0; i--) {
                int d = (int) ((frac / FixDecimal.pow10(i)) % 10);
                putByte('0' + d);
                if (d != 0) lastNonZero = pos;
            }
            for (int i = 0; i < extraDigits && r != 0; i++) {
                r *= 10;
                int d = (int) (r / den);
                r %= den;
                putByte('0' + d);
                if (d != 0) lastNonZero = pos;
            }
            pos = lastNonZero < 0 ? mark : lastNonZero;
        }
        putByte(SOH);
        return this;
    }

    /** UTCTimestamp {@code YYYYMMDD-HH:MM:SS.sss} from epoch milliseconds. */
    public FixEncoder putTimestamp(int tag, long epochMillis) {
        putTagEq(tag);
        if (pos + 21 >= CAPACITY - 8) { overflow = true; return this; }
        pos = FixTimestamp.write(buf, pos, epochMillis);
        putByte(SOH);
        return this;
    }

    /** Completes the message: header in front, CheckSum behind. */
    public FixEncoder finish() {
        long bodyLength = pos - HEADROOM;
        int n = 1;
        for (long t = bodyLength / 10; t != 0; t /= 10) n++;
        start = HEADROOM - (BEGIN.length + n + 1);
        long w = start;
        for (byte b : BEGIN) buf.set(ValueLayout.JAVA_BYTE, w++, b);
        long v = bodyLength;
        for (int i = n - 1; i >= 0; i--) {
            buf.set(ValueLayout.JAVA_BYTE, w + i, (byte) ('0' + (v % 10)));
            v /= 10;
        }
        w += n;
        buf.set(ValueLayout.JAVA_BYTE, w, SOH);
        int sum = 0;
        for (long i = start; i < pos; i++) sum += buf.get(ValueLayout.JAVA_BYTE, i);
        sum &= 0xFF;
        long e = pos;
        buf.set(ValueLayout.JAVA_BYTE, e++, (byte) '1');
        buf.set(ValueLayout.JAVA_BYTE, e++, (byte) '0');
        buf.set(ValueLayout.JAVA_BYTE, e++, (byte) '=');
        buf.set(ValueLayout.JAVA_BYTE, e++, (byte) ('0' + sum / 100));
        buf.set(ValueLayout.JAVA_BYTE, e++, (byte) ('0' + (sum / 10) % 10));
        buf.set(ValueLayout.JAVA_BYTE, e++, (byte) ('0' + sum % 10));
        buf.set(ValueLayout.JAVA_BYTE, e++, SOH);
        end = e;
        return this;
    }
}
