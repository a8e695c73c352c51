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

    SymbolBook(SymbolSpec spec, int bandLevels, PriceLevels levels, LevelBitmap bitmap, OrderSlots orders) {
        this.symbol = spec.symbol();
        this.tickSize = spec.tickSize();
        this.minQuantity = spec.minQuantity();
        this.maxQuantity = spec.maxQuantity();
        this.maxNotional = spec.maxNotional();
        this.collar = spec.collar();
        this.bids = new PriceBand(symbol, Side.BUY, bandLevels, tickSize, spec.referencePrice(), levels, bitmap, orders);
        this.asks = new PriceBand(symbol, Side.SELL, bandLevels, tickSize, spec.referencePrice(), levels, bitmap, orders);
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
