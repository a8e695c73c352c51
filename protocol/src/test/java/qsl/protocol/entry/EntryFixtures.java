package qsl.protocol.entry;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

/** Valid messages of every type with random field values, for fuzzing and properties. */
final class EntryFixtures {
    static final byte[] SIDES = {EntryCodes.SIDE_BUY, EntryCodes.SIDE_SELL};
    static final byte[] TYPES = {EntryCodes.TYPE_LIMIT, EntryCodes.TYPE_MARKET};
    static final byte[] TIFS = {EntryCodes.TIF_GTC, EntryCodes.TIF_DAY, EntryCodes.TIF_IOC, EntryCodes.TIF_FOK};
    static final long[] SYMBOLS = {Symbols.key("AAPL"), Symbols.key("MSFT"), Symbols.key("X"), Symbols.key("ABCDEFGH"),
        Symbols.key("BRK.B"), Symbols.key("~!")};

    private EntryFixtures() {}

    static long sym(SplittableRandom r) {
        return SYMBOLS[r.nextInt(SYMBOLS.length)];
    }

    static byte pick(SplittableRandom r, byte[] b) {
        return b[r.nextInt(b.length)];
    }

    /** Writes a random valid request at 0; returns its length. */
    static int request(SplittableRandom r, MemorySegment s) {
        return switch (r.nextInt(4)) {
            case 0 -> EnterOrderDescriptor.write(s, 0, r.nextLong(), sym(r), pick(r, SIDES), pick(r, TYPES), pick(r, TIFS),
                    r.nextLong(), r.nextLong());
            case 1 -> CancelOrderDescriptor.write(s, 0, r.nextLong());
            case 2 -> ReplaceOrderDescriptor.write(s, 0, r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong());
            default -> MassCancelDescriptor.write(s, 0, r.nextBoolean() ? Symbols.ALL : sym(r));
        };
    }

    /** Writes a random valid response at 0; returns its length. */
    static int response(SplittableRandom r, MemorySegment s) {
        byte reason = (byte) (1 + r.nextInt(255));
        return switch (r.nextInt(8)) {
            case 0 -> AcceptedDescriptor.write(s, 0, r.nextLong(), r.nextLong(), sym(r), pick(r, SIDES), pick(r, TYPES),
                    pick(r, TIFS), r.nextLong(), r.nextLong());
            case 1 -> RejectedDescriptor.write(s, 0, r.nextLong(), reason);
            case 2 -> ExecutedDescriptor.write(s, 0, r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong(),
                    r.nextLong(), r.nextBoolean() ? EntryCodes.LIQUIDITY_ADDED : EntryCodes.LIQUIDITY_REMOVED);
            case 3 -> CanceledDescriptor.write(s, 0, r.nextLong(), r.nextLong(), r.nextLong(), (byte) r.nextInt(4));
            case 4 -> ReplacedDescriptor.write(s, 0, r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong(),
                    (byte) r.nextInt(2));
            case 5 -> CancelRejectDescriptor.write(s, 0, r.nextLong(), reason);
            case 6 -> ReplaceRejectDescriptor.write(s, 0, r.nextLong(), r.nextLong(), reason);
            default -> MassCancelAckDescriptor.write(s, 0, r.nextBoolean() ? Symbols.ALL : sym(r), r.nextInt(), (byte) (r.nextBoolean() ? 0 : r.nextInt(256)));
        };
    }
}
