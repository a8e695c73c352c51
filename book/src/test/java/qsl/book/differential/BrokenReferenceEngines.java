package qsl.book.differential;

import java.util.ArrayDeque;
import qsl.book.EngineConfig;
import qsl.book.EventSink;
import qsl.book.reference.ReferenceEngine;

/** Deliberately wrong engines: the differential harness must catch each one. */
final class BrokenReferenceEngines {
    private BrokenReferenceEngines() {}

    /** Fills the newest order at a level first (LIFO) instead of the oldest. */
    static final class LastInFirstOut extends ReferenceEngine {
        LastInFirstOut(EngineConfig config, EventSink sink) {
            super(config, sink);
        }

        @Override
        protected Order nextMaker(ArrayDeque<Order> level) {
            return level.peekLast();
        }
    }

    /** Prints trades at the taker's limit price instead of the maker's. */
    static final class TakerPrice extends ReferenceEngine {
        TakerPrice(EngineConfig config, EventSink sink) {
            super(config, sink);
        }

        @Override
        protected long tradePrice(long makerPrice, long takerPrice) {
            return takerPrice == 0 ? makerPrice : takerPrice;
        }
    }
}
