package qsl.protocol.entry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes both order-entry decoders: 100,000 inputs each by default, 10,000,000 with
 * {@code -Dqsl.fuzz=long}. A third are random bytes of random length, a third mutated valid
 * messages (1-4 bytes overwritten, often with a boundary value), a third valid messages
 * truncated or extended. Every input must give a known message type or a typed error (no
 * exception); an accepted input must be exactly the type's length with every enumerated field
 * valid, and re-encoding the fields it reads must give back the same bytes.
 */
class EntryDecoderFuzzTest {
    static long inputs() {
        return "long".equals(System.getProperty("qsl.fuzz")) ? 10_000_000L : 100_000L;
    }

    private static final byte[] INTERESTING = {0, ' ', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'I', 'J', 'K', 'L', 'M', 'O', 'R',
        'S', 'U', 'X', 'Z', 0x7F, (byte) 0x80, (byte) 0xFF, 1, 2, 3, 4};

    private final MemorySegment in = Arena.ofAuto().allocate(128);
    private final MemorySegment again = Arena.ofAuto().allocate(128);

    private int input(SplittableRandom r, boolean requests) {
        int mode = r.nextInt(3);
        if (mode == 0) {
            int len = r.nextInt(64);
            for (int i = 0; i < len; i++) in.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt(256));
            if (len > 0 && r.nextBoolean()) {
                in.set(ValueLayout.JAVA_BYTE, 0, INTERESTING[r.nextInt(INTERESTING.length)]);
            }
            return len;
        }
        int len = requests ? EntryFixtures.request(r, in) : EntryFixtures.response(r, in);
        if (mode == 1) {
            int k = 1 + r.nextInt(4);
            for (int i = 0; i < k; i++) {
                byte v = r.nextBoolean() ? INTERESTING[r.nextInt(INTERESTING.length)] : (byte) r.nextInt(256);
                in.set(ValueLayout.JAVA_BYTE, r.nextInt(len), v);
            }
            return len;
        }
        int delta = r.nextInt(2 * len + 1) - len;   // truncation or extension
        for (int i = len; i < len + delta; i++) in.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt(256));
        return len + delta;
    }

    @Test
    void requestDecoderIsTotal() {
        SplittableRandom r = new SplittableRandom(0xE1_7E5L);
        long n = inputs();
        long ok = 0;
        int[] errors = new int[16];
        for (long k = 0; k < n; k++) {
            int len = input(r, true);
            int t;
            try {
                t = EntryDecoder.decodeRequest(in, 0, len);
            } catch (RuntimeException e) {
                throw new AssertionError("decodeRequest threw on input " + k, e);
            }
            if (t > 0) {
                ok++;
                assertEquals(EntryDecoder.requestLength((byte) t), len);
                assertEquals(len, reencodeRequest((byte) t));
                assertEquals(-1L, in.asSlice(0, len).mismatch(again.asSlice(0, len)), "re-encoding differs");
            } else {
                assertTrue(EntryError.isError(t), "unknown result " + t);
                errors[-t]++;
            }
        }
        assertEquals(n, ok + sum(errors));
        System.out.println("EntryDecoder.decodeRequest fuzz: " + n + " inputs, " + ok + " decoded, " + (n - ok) + " typed errors");
        assertTrue(ok > n / 10, "valid inputs decoded: " + ok);
        for (int e : new int[] {EntryError.EMPTY, EntryError.UNKNOWN_TYPE, EntryError.SHORT_MESSAGE, EntryError.LONG_MESSAGE,
            EntryError.INVALID_SIDE, EntryError.INVALID_ORDER_TYPE, EntryError.INVALID_TIF, EntryError.INVALID_SYMBOL}) {
            assertTrue(errors[-e] > 0, "never saw " + EntryError.name(e));
        }
    }

    @Test
    void responseDecoderIsTotal() {
        SplittableRandom r = new SplittableRandom(0x0E5_90L);
        long n = inputs();
        long ok = 0;
        int[] errors = new int[16];
        for (long k = 0; k < n; k++) {
            int len = input(r, false);
            int t;
            try {
                t = EntryDecoder.decodeResponse(in, 0, len);
            } catch (RuntimeException e) {
                throw new AssertionError("decodeResponse threw on input " + k, e);
            }
            if (t > 0) {
                ok++;
                assertEquals(EntryDecoder.responseLength((byte) t), len);
                assertEquals(len, reencodeResponse((byte) t));
                assertEquals(-1L, in.asSlice(0, len).mismatch(again.asSlice(0, len)), "re-encoding differs");
            } else {
                assertTrue(EntryError.isError(t), "unknown result " + t);
                errors[-t]++;
            }
        }
        assertEquals(n, ok + sum(errors));
        System.out.println("EntryDecoder.decodeResponse fuzz: " + n + " inputs, " + ok + " decoded, " + (n - ok) + " typed errors");
        assertTrue(ok > n / 10, "valid inputs decoded: " + ok);
        for (int e : new int[] {EntryError.EMPTY, EntryError.UNKNOWN_TYPE, EntryError.SHORT_MESSAGE, EntryError.LONG_MESSAGE,
            EntryError.INVALID_SIDE, EntryError.INVALID_ORDER_TYPE, EntryError.INVALID_TIF, EntryError.INVALID_SYMBOL,
            EntryError.INVALID_LIQUIDITY, EntryError.INVALID_REASON, EntryError.INVALID_FLAG}) {
            assertTrue(errors[-e] > 0, "never saw " + EntryError.name(e));
        }
    }

    private static long sum(int[] a) {
        long s = 0;
        for (int v : a) s += v;
        return s;
    }

    private int reencodeRequest(byte t) {
        MemorySegment s = in;
        return switch (t) {
            case EnterOrderDescriptor.TYPE -> EnterOrderDescriptor.write(again, 0, EnterOrderDescriptor.token(s, 0),
                    EnterOrderDescriptor.symbol(s, 0), EnterOrderDescriptor.side(s, 0), EnterOrderDescriptor.orderType(s, 0),
                    EnterOrderDescriptor.timeInForce(s, 0), EnterOrderDescriptor.price(s, 0), EnterOrderDescriptor.quantity(s, 0));
            case CancelOrderDescriptor.TYPE -> CancelOrderDescriptor.write(again, 0, CancelOrderDescriptor.token(s, 0));
            case ReplaceOrderDescriptor.TYPE -> ReplaceOrderDescriptor.write(again, 0, ReplaceOrderDescriptor.existingToken(s, 0),
                    ReplaceOrderDescriptor.replacementToken(s, 0), ReplaceOrderDescriptor.price(s, 0),
                    ReplaceOrderDescriptor.quantity(s, 0));
            case MassCancelDescriptor.TYPE -> MassCancelDescriptor.write(again, 0, MassCancelDescriptor.symbol(s, 0));
            default -> fail("decoder accepted type " + t);
        };
    }

    private int reencodeResponse(byte t) {
        MemorySegment s = in;
        return switch (t) {
            case AcceptedDescriptor.TYPE -> AcceptedDescriptor.write(again, 0, AcceptedDescriptor.token(s, 0),
                    AcceptedDescriptor.orderId(s, 0), AcceptedDescriptor.symbol(s, 0), AcceptedDescriptor.side(s, 0),
                    AcceptedDescriptor.orderType(s, 0), AcceptedDescriptor.timeInForce(s, 0), AcceptedDescriptor.price(s, 0),
                    AcceptedDescriptor.quantity(s, 0));
            case RejectedDescriptor.TYPE -> RejectedDescriptor.write(again, 0, RejectedDescriptor.token(s, 0),
                    RejectedDescriptor.reason(s, 0));
            case ExecutedDescriptor.TYPE -> ExecutedDescriptor.write(again, 0, ExecutedDescriptor.token(s, 0),
                    ExecutedDescriptor.orderId(s, 0), ExecutedDescriptor.matchId(s, 0), ExecutedDescriptor.price(s, 0),
                    ExecutedDescriptor.quantity(s, 0), ExecutedDescriptor.leavesQuantity(s, 0), ExecutedDescriptor.liquidity(s, 0));
            case CanceledDescriptor.TYPE -> CanceledDescriptor.write(again, 0, CanceledDescriptor.token(s, 0),
                    CanceledDescriptor.orderId(s, 0), CanceledDescriptor.canceledQuantity(s, 0), CanceledDescriptor.reason(s, 0));
            case ReplacedDescriptor.TYPE -> ReplacedDescriptor.write(again, 0, ReplacedDescriptor.oldToken(s, 0),
                    ReplacedDescriptor.newToken(s, 0), ReplacedDescriptor.orderId(s, 0), ReplacedDescriptor.price(s, 0),
                    ReplacedDescriptor.quantity(s, 0), ReplacedDescriptor.keptPriority(s, 0));
            case CancelRejectDescriptor.TYPE -> CancelRejectDescriptor.write(again, 0, CancelRejectDescriptor.token(s, 0),
                    CancelRejectDescriptor.reason(s, 0));
            case ReplaceRejectDescriptor.TYPE -> ReplaceRejectDescriptor.write(again, 0, ReplaceRejectDescriptor.existingToken(s, 0),
                    ReplaceRejectDescriptor.replacementToken(s, 0), ReplaceRejectDescriptor.reason(s, 0));
            case MassCancelAckDescriptor.TYPE -> MassCancelAckDescriptor.write(again, 0, MassCancelAckDescriptor.symbol(s, 0),
                    MassCancelAckDescriptor.canceledCount(s, 0), MassCancelAckDescriptor.reason(s, 0));
            default -> fail("decoder accepted type " + t);
        };
    }
}
