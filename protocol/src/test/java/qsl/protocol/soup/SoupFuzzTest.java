package qsl.protocol.soup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the SoupBinTCP frame decoder (as a server, as a client, and accepting either
 * direction) and the streaming framer: 100,000 inputs each by default, 10,000,000 with
 * {@code -Dqsl.fuzz=long}. Inputs are random bytes, mutated valid frames and truncated or
 * extended valid frames. The decoder's answer must equal an independent reference written
 * straight from the specification ({@link #reference}); the framer fed a stream in random
 * pieces must give the same frames and the same final error as decoding the whole stream at once.
 */
class SoupFuzzTest {
    static long inputs() {
        return "long".equals(System.getProperty("qsl.fuzz")) ? 10_000_000L : 100_000L;
    }

    private static final byte[] TYPES = {'L', 'A', 'J', 'S', 'U', 'H', 'R', 'O', 'Z', '+', 'Q', 0, (byte) 0xFF};
    private static final byte[] INTERESTING = {0, ' ', '0', '9', 'A', 'S', 'x', 0x1F, 0x7F, (byte) 0x80, (byte) 0xFF, '-'};
    private static final int MAX = 200;

    private final Arena arena = Arena.ofAuto();
    private final MemorySegment buf = arena.allocate(1 << 16);
    private final byte[] heap = new byte[1 << 16];

    /** Writes one valid frame of a random type at {@code at}; returns its length. */
    static int validFrame(SplittableRandom r, MemorySegment s, long at) {
        return switch (r.nextInt(10)) {
            case 0 -> LoginRequestDescriptor.write(s, at, r.nextBoolean() ? "" : "USR" + r.nextInt(999), "pw" + r.nextInt(99999),
                    r.nextBoolean() ? "" : "S" + r.nextInt(1000), r.nextBoolean() ? r.nextInt(3) : r.nextLong(Long.MAX_VALUE));
            case 1 -> LoginAcceptedDescriptor.write(s, at, "QSL" + r.nextInt(100), r.nextLong(Long.MAX_VALUE));
            case 2 -> LoginRejectedDescriptor.write(s, at, r.nextBoolean() ? (byte) 'A' : (byte) 'S');
            case 3, 4 -> {
                int n = r.nextInt(60);
                int frame = SoupHeaderDescriptor.write(s, at, r.nextBoolean() ? (byte) 'S' : (byte) 'U', n);
                for (int i = 0; i < n; i++) s.set(ValueLayout.JAVA_BYTE, at + 3 + i, (byte) r.nextInt(256));
                yield frame;
            }
            case 5 -> ServerHeartbeatDescriptor.write(s, at);
            case 6 -> ClientHeartbeatDescriptor.write(s, at);
            case 7 -> LogoutRequestDescriptor.write(s, at);
            case 8 -> EndOfSessionDescriptor.write(s, at);
            default -> DebugDescriptor.write(s, at, "dbg " + r.nextInt());
        };
    }

    private int input(SplittableRandom r) {
        int mode = r.nextInt(3);
        if (mode == 0) {
            int len = r.nextInt(80);
            for (int i = 0; i < len; i++) buf.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt(256));
            if (len > 2 && r.nextBoolean()) {
                buf.set(ValueLayout.JAVA_BYTE, 0, (byte) 0);
                buf.set(ValueLayout.JAVA_BYTE, 1, (byte) r.nextInt(60));
                buf.set(ValueLayout.JAVA_BYTE, 2, TYPES[r.nextInt(TYPES.length)]);
            }
            return len;
        }
        int len = validFrame(r, buf, 0);
        if (mode == 1) {
            int k = 1 + r.nextInt(3);
            for (int i = 0; i < k; i++) {
                int at = r.nextInt(len);
                byte v = r.nextBoolean() ? INTERESTING[r.nextInt(INTERESTING.length)] : (byte) r.nextInt(256);
                if (at == 2 && r.nextBoolean()) v = TYPES[r.nextInt(TYPES.length)];
                buf.set(ValueLayout.JAVA_BYTE, at, v);
            }
            return len;
        }
        int delta = r.nextInt(len + 20) - len;
        for (int i = len; i < len + delta; i++) buf.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt(256));
        return len + delta;
    }

    @Test
    void decoderAsServerMatchesTheReference() {
        fuzzDecoder(SoupPacketType.FROM_CLIENT, 0x5e_01L);
    }

    @Test
    void decoderAsClientMatchesTheReference() {
        fuzzDecoder(SoupPacketType.FROM_SERVER, 0x5e_02L);
    }

    @Test
    void decoderForEitherDirectionMatchesTheReference() {
        fuzzDecoder(SoupPacketType.EITHER, 0x5e_03L);
    }

    private void fuzzDecoder(int from, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long n = inputs();
        long frames = 0;
        long needMore = 0;
        int[] errors = new int[16];
        for (long k = 0; k < n; k++) {
            int len = input(r);
            int max = r.nextInt(8) == 0 ? 1 + r.nextInt(MAX) : MAX;
            int got;
            try {
                got = SoupDecoder.decode(buf, 0, len, max, from);
            } catch (RuntimeException e) {
                throw new AssertionError("decode threw on input " + k, e);
            }
            MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, heap, 0, len);
            int want = reference(heap, len, max, from);
            if (got != want) {
                throw new AssertionError("input " + k + ": decoder " + got + " reference " + want + " bytes "
                        + java.util.HexFormat.of().formatHex(heap, 0, Math.min(len, 60)));
            }
            if (got > 0) {
                frames++;
                assertTrue(got <= len);
            } else if (got == 0) {
                needMore++;
            } else {
                errors[-got]++;
            }
        }
        System.out.println("SoupDecoder fuzz (from " + from + "): " + n + " inputs, " + frames + " frames, " + needMore
                + " need-more, " + (n - frames - needMore) + " typed errors");
        assertTrue(frames > n / 10, "frames " + frames);
        assertTrue(needMore > 0);
        java.util.List<Integer> expected = new java.util.ArrayList<>(java.util.List.of(SoupError.LENGTH_ZERO,
                SoupError.LENGTH_ABOVE_MAX, SoupError.UNKNOWN_TYPE, SoupError.LENGTH_TOO_SMALL, SoupError.LENGTH_TOO_LARGE,
                SoupError.BAD_NUMERIC, SoupError.BAD_ALPHA));
        if (from != SoupPacketType.EITHER) expected.add(SoupError.WRONG_DIRECTION);
        if (from != SoupPacketType.FROM_CLIENT) expected.add(SoupError.BAD_REJECT_CODE);
        for (int e : expected) assertTrue(errors[-e] > 0, "never saw " + SoupError.name(e) + " decoding from " + from);
    }

    /** The specification's rules, checked in the decoder's documented order, on a plain array. */
    static int reference(byte[] b, int available, int max, int from) {
        if (available < 2) return 0;
        int len = ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
        if (len == 0) return SoupError.LENGTH_ZERO;
        if (len > max) return SoupError.LENGTH_ABOVE_MAX;
        if (available < 3) return 0;
        char t = (char) (b[2] & 0xFF);
        String server = "AJSHZ";
        String client = "LURO";
        boolean known = server.indexOf(t) >= 0 || client.indexOf(t) >= 0 || t == '+';
        if (!known) return SoupError.UNKNOWN_TYPE;
        boolean allowed = t == '+' || (server.indexOf(t) >= 0 ? (from & SoupPacketType.FROM_SERVER) != 0
                : (from & SoupPacketType.FROM_CLIENT) != 0);
        if (!allowed) return SoupError.WRONG_DIRECTION;
        int fixed = switch (t) {
            case 'L' -> 47;
            case 'A' -> 31;
            case 'J' -> 2;
            case 'H', 'R', 'O', 'Z' -> 1;
            default -> -1;
        };
        if (fixed > 0 && len < fixed) return SoupError.LENGTH_TOO_SMALL;
        if (fixed > 0 && len > fixed) return SoupError.LENGTH_TOO_LARGE;
        if (available < 2 + len) return 0;
        String payload = new String(b, 3, len - 1, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (t == 'L') {
            if (!printable(payload.substring(0, 26))) return SoupError.BAD_ALPHA;
            if (!numeric(payload.substring(26, 46))) return SoupError.BAD_NUMERIC;
        } else if (t == 'A') {
            if (!printable(payload.substring(0, 10))) return SoupError.BAD_ALPHA;
            if (!numeric(payload.substring(10, 30))) return SoupError.BAD_NUMERIC;
        } else if (t == 'J') {
            if (payload.charAt(0) != 'A' && payload.charAt(0) != 'S') return SoupError.BAD_REJECT_CODE;
        }
        return 2 + len;
    }

    private static boolean printable(String s) {
        return s.chars().allMatch(c -> c >= 0x20 && c <= 0x7E);
    }

    private static boolean numeric(String s) {
        String v = s.strip();
        if (v.isEmpty() || !v.chars().allMatch(c -> c >= '0' && c <= '9')) return false;
        if (!s.matches(" *[0-9]+ *")) return false;
        return new java.math.BigInteger(v).bitLength() <= 63;
    }

    @Test
    void framerMatchesWholeStreamDecoding() {
        SplittableRandom r = new SplittableRandom(0xF4A_3E5L);
        long n = inputs();
        MemorySegment stream = arena.allocate(8192);
        SoupFramer framer = new SoupFramer(arena.allocate(MAX + 2), MAX, SoupPacketType.EITHER);
        long[] offsets = new long[64];
        int[] lengths = new int[64];
        long totalFrames = 0;
        long streamsEndingInError = 0;
        for (long k = 0; k < n; k++) {
            int count = 1 + r.nextInt(12);
            int len = 0;
            for (int i = 0; i < count; i++) len += validFrame(r, stream, len);
            if (r.nextInt(3) == 0) {   // damage one byte somewhere, or cut the tail
                if (r.nextBoolean()) stream.set(ValueLayout.JAVA_BYTE, r.nextInt(len), (byte) r.nextInt(256));
                else len -= r.nextInt(Math.min(len, 10));
            }
            // the whole stream decoded in place
            int frames = 0;
            long at = 0;
            int end;
            while (true) {
                end = SoupDecoder.decode(stream, at, len - at, MAX, SoupPacketType.EITHER);
                if (end <= 0) break;
                offsets[frames] = at;
                lengths[frames] = end;
                frames++;
                at += end;
            }
            // the same stream through the framer in random pieces
            framer.reset();
            long fed = 0;
            int seen = 0;
            int t;
            while (true) {
                t = framer.next();
                if (t > 0) {
                    assertTrue(seen < frames, "framer found more frames than the decoder");
                    assertEquals(lengths[seen], framer.frameLength());
                    assertEquals(-1L, framer.segment().asSlice(framer.frameOffset(), lengths[seen])
                            .mismatch(stream.asSlice(offsets[seen], lengths[seen])));
                    seen++;
                    continue;
                }
                if (t < 0 || fed == len) break;
                long piece = 1 + r.nextInt(r.nextBoolean() ? 4 : 300);
                fed += framer.append(stream, fed, Math.min(piece, len - fed));
            }
            assertEquals(frames, seen);
            assertEquals(end, t, "final state");
            if (t == 0) assertEquals(len - at, framer.buffered());
            else streamsEndingInError++;
            totalFrames += seen;
        }
        System.out.println("SoupFramer fuzz: " + n + " streams, " + totalFrames + " frames, " + streamsEndingInError
                + " streams ending in a typed error");
        assertTrue(totalFrames > n);
        assertTrue(streamsEndingInError > 0);
    }
}
