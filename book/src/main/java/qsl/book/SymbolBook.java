package qsl.book;

/** One registered symbol: its rules, last trade price and the two sides of its book. */
final class SymbolBook {
    final int symbol;
    final long tickSize;
    final long minQuantity;
    final long maxQuantity;
    final long maxNotional;
    final long collar;
    final PriceBand bids;
    final PriceBand asks;
    /** Both sides indexed by side ({@link Side#BUY} 0, {@link Side#SELL} 1): picked without a branch. */
    private final PriceBand[] sides;
    long lastTradePrice;

    SymbolBook(SymbolSpec spec, java.lang.foreign.Arena arena, int maxLevels, PriceLevels levels) {
        this.symbol = spec.symbol();
        this.tickSize = spec.tickSize();
        this.minQuantity = spec.minQuantity();
        this.maxQuantity = spec.maxQuantity();
        this.maxNotional = spec.maxNotional();
        this.collar = spec.collar();
        this.bids = new PriceBand(Side.BUY, tickSize, arena, maxLevels, levels);
        this.asks = new PriceBand(Side.SELL, tickSize, arena, maxLevels, levels);
        this.sides = new PriceBand[] {bids, asks};
    }

    PriceBand side(byte side) {
        return sides[side];
    }

    /** The side a {@code side} taker trades against. */
    PriceBand opposite(byte side) {
        return sides[side ^ 1];
    }
}
