package qsl.ringbuffer;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Deterministic record content for stress tests: record {@code seq} has a type, a length and
 * every payload byte derived from {@code seq}, so the consumer can check each record completely
 * (lost, duplicated, reordered or torn records all show up as a mismatch).
 */
final class Payloads {
    private Payloads() {}

    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Payload length of record {@code seq}: at least 8 (room for the sequence), at most {@code maxLength}. */
    static int length(long seq, int maxLength) {
        int span = maxLength - 8 + 1;
        long r = mix(seq * 31 + 7) & Long.MAX_VALUE;
        // Mostly small records, sometimes the largest legal one, to hit padding at every offset.
        if ((r & 63) == 0) return maxLength;
        return 8 + (int) ((r >>> 6) % span);
    }

    static int type(long seq) {
        return (int) (mix(seq) & 0x7fff);
    }

    /** Writes record {@code seq}'s payload of {@code length} bytes at {@code offset}. */
    static void write(MemorySegment buffer, long offset, long seq, int length) {
        buffer.set(LONG, offset, seq);
        int i = 8;
        for (; i + 8 <= length; i += 8) buffer.set(LONG, offset + i, mix(seq ^ i));
        for (; i < length; i++) buffer.set(ValueLayout.JAVA_BYTE, offset + i, (byte) mix(seq + 1_000_003L * i));
    }

    /** Null when record {@code seq} is exactly as written, else what differs. */
    static String check(MemorySegment buffer, long offset, int type, int length, long seq, int maxLength) {
        long got = buffer.get(LONG, offset);
        if (got != seq) return "expected seq " + seq + ", got " + got;
        if (type != type(seq)) return "seq " + seq + ": type " + type + ", expected " + type(seq);
        if (length != length(seq, maxLength)) return "seq " + seq + ": length " + length + ", expected " + length(seq, maxLength);
        int i = 8;
        for (; i + 8 <= length; i += 8) {
            if (buffer.get(LONG, offset + i) != mix(seq ^ i)) return "seq " + seq + ": torn payload at byte " + i;
        }
        for (; i < length; i++) {
            if (buffer.get(ValueLayout.JAVA_BYTE, offset + i) != (byte) mix(seq + 1_000_003L * i)) {
                return "seq " + seq + ": torn payload at byte " + i;
            }
        }
        return null;
    }
}
