package qsl.book;

/**
 * FNV-1a 64 over a stream of longs, each fed as its 8 bytes little-endian. The engine digest
 * feeds, in this order:
 * <pre>
 *   lastSequence, symbolCount,
 *   for each registered symbol, ascending id:
 *     symbol, lastTradePrice,
 *     bidLevelCount, for each bid level best to worst: price, totalQuantity, orderCount,
 *                                                     for each order in time priority: orderId, openQuantity, account
 *     askLevelCount, the same for the asks
 * </pre>
 * ({@code account}, an {@code int}, is fed sign-extended to a long) so two engines agree on the
 * digest exactly when they agree on every order's place and owner.
 */
public final class StateDigest {
    private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private long hash = OFFSET_BASIS;

    public StateDigest reset() {
        hash = OFFSET_BASIS;
        return this;
    }

    public StateDigest mix(long value) {
        long h = hash;
        for (int i = 0; i < 8; i++) {
            h ^= (value >>> (i << 3)) & 0xff;
            h *= PRIME;
        }
        hash = h;
        return this;
    }

    public long value() {
        return hash;
    }
}
