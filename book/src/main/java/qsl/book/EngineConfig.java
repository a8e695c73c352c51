package qsl.book;

/**
 * Sizes fixed when an engine is built; nothing grows on the heap afterwards.
 *
 * @param maxOrders resting orders the engine can hold at once, across all symbols; a GTC
 *     order arriving when all are in use is rejected {@link RejectReason#BOOK_FULL}
 * @param maxSymbols symbol ids run from 0 to {@code maxSymbols - 1}
 * @param bandLevels validated (a power of two, at least 64) and otherwise ignored: the book has no
 *     band since ADR 0006 (levels are found by hash and ordered by a radix bitmap), so there is
 *     nothing to size; kept so existing configurations still load
 */
public record EngineConfig(int maxOrders, int maxSymbols, int bandLevels) {
    public EngineConfig {
        if (maxOrders < 1) throw new IllegalArgumentException("maxOrders < 1: " + maxOrders);
        if (maxSymbols < 1) throw new IllegalArgumentException("maxSymbols < 1: " + maxSymbols);
        if (bandLevels < 64 || Integer.bitCount(bandLevels) != 1)
            throw new IllegalArgumentException("bandLevels must be a power of two >= 64: " + bandLevels);
    }

    public static EngineConfig defaults() {
        return new EngineConfig(1 << 20, 64, 4096);
    }
}
