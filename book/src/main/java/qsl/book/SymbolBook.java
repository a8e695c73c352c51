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
    }

    PriceBand side(byte side) {
        return side == Side.BUY ? bids : asks;
    }
}
