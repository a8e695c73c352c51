package qsl.book;

/**
 * One symbol's trading rules, checked before the book sees a command.
 *
 * @param symbol dense id, {@code 0 <= symbol < EngineConfig.maxSymbols}
 * @param tickSize a limit price must be a positive multiple of this (in price units, {@code >= 1})
 * @param minQuantity smallest order quantity accepted ({@code >= 1})
 * @param maxQuantity largest order quantity accepted
 * @param maxNotional largest {@code price * quantity} of a limit order, checked without overflow
 * @param collar a limit price must lie within {@code lastTradePrice +/- collar}; 0 turns the check
 *     off, and it applies only once the symbol has traded
 * @param referencePrice where the price band starts centred; a tuning hint, not a limit
 */
public record SymbolSpec(int symbol, long tickSize, long minQuantity, long maxQuantity,
                         long maxNotional, long collar, long referencePrice) {
    public SymbolSpec {
        if (symbol < 0) throw new IllegalArgumentException("symbol < 0: " + symbol);
        if (tickSize < 1) throw new IllegalArgumentException("tickSize < 1: " + tickSize);
        if (minQuantity < 1 || maxQuantity < minQuantity)
            throw new IllegalArgumentException("bad quantity limits: " + minQuantity + ".." + maxQuantity);
        if (maxNotional < 1) throw new IllegalArgumentException("maxNotional < 1: " + maxNotional);
        if (collar < 0) throw new IllegalArgumentException("collar < 0: " + collar);
        if (referencePrice < 0) throw new IllegalArgumentException("referencePrice < 0: " + referencePrice);
    }

    /** Permissive rules for tests and demos: tick 1, quantities 1..1e9, no collar. */
    public static SymbolSpec open(int symbol, long referencePrice) {
        return new SymbolSpec(symbol, 1, 1, 1_000_000_000L, Long.MAX_VALUE, 0, referencePrice);
    }
}
