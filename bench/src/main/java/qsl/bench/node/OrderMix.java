package qsl.bench.node;

import java.util.SplittableRandom;

/**
 * The order-entry mix both load generators send (ours over SoupBinTCP, exchange-core's through its
 * API), decided client-side from a seeded generator so both see the same sequence of decisions:
 * 50% passive limit orders (GTC, 1..10 ticks off the reference price), 10% crossing orders (IOC
 * limit 10 ticks through the reference price, so they take whatever rests on the other side),
 * 25% cancels and 15% replaces (new price and quantity) of a live order of the same session. A
 * session holds at most {@link #MAX_LIVE} orders it believes live; a new order beyond that
 * becomes a cancel. The model is optimistic (an order filled as a maker stays in it until the
 * generator learns otherwise; a cancel of it is then answered by a reject: still one reply).
 * Allocation-free after construction: {@link #next} fills the public fields.
 */
final class OrderMix {
    static final int MAX_LIVE = 32;
    static final byte NEW = 1;
    static final byte CANCEL = 2;
    static final byte REPLACE = 3;

    static final String[] SYMBOLS = {"AAPL", "MSFT", "GOOG", "AMZN"};
    static final long[] REFERENCE = {10_000, 20_000, 15_000, 12_000};

    private final SplittableRandom random;
    private final long[][] liveToken;
    private final int[][] liveSymbol;
    private final int[] liveCount;
    private long nextToken = 1;
    /** A replace keeps the order's token (exchange-core's move keeps its order id). */
    private final boolean replaceKeepsToken;

    // The decision of the last next() call.
    byte kind;
    boolean buy;
    boolean ioc;
    int symbol;
    long price;
    long quantity;
    /** NEW: the new token; CANCEL / REPLACE: the live order's token. */
    long token;
    /** REPLACE: the replacement token. */
    long newToken;

    OrderMix(int sessions, long seed) {
        this(sessions, seed, false);
    }

    OrderMix(int sessions, long seed, boolean replaceKeepsToken) {
        this.replaceKeepsToken = replaceKeepsToken;
        random = new SplittableRandom(seed);
        liveToken = new long[sessions][MAX_LIVE];
        liveSymbol = new int[sessions][MAX_LIVE];
        liveCount = new int[sessions];
    }

    /** Decides the next request of {@code session}. */
    void next(int session) {
        int r = random.nextInt(100);
        int n = liveCount[session];
        if (r >= 60 && n > 0) {
            int i = random.nextInt(n);
            token = liveToken[session][i];
            symbol = liveSymbol[session][i];
            if (r < 85) {
                kind = CANCEL;
                remove(session, i);
            } else {
                kind = REPLACE;
                newToken = replaceKeepsToken ? token : nextToken++;
                buy = (token & 1) == 0;
                price = passivePrice(symbol, buy);
                quantity = 1 + random.nextInt(100);
                liveToken[session][i] = newToken;
            }
            return;
        }
        if (n == MAX_LIVE) { // full: cancel the oldest
            kind = CANCEL;
            token = liveToken[session][0];
            symbol = liveSymbol[session][0];
            remove(session, 0);
            return;
        }
        kind = NEW;
        symbol = random.nextInt(SYMBOLS.length);
        quantity = 1 + random.nextInt(100);
        ioc = r >= 50 && r < 60;
        if (ioc) {
            buy = random.nextBoolean();
            token = nextToken++;
            price = REFERENCE[symbol] + (buy ? 10 : -10);
        } else {
            // a token's parity says its side, so a replace keeps the side without a lookup
            buy = random.nextBoolean();
            token = nextToken++;
            if (((token & 1) == 0) != buy) token = nextToken++;
            price = passivePrice(symbol, buy);
            liveToken[session][n] = token;
            liveSymbol[session][n] = symbol;
            liveCount[session] = n + 1;
        }
    }

    /** The generator learnt that {@code token} of {@code session} is no longer live (filled, canceled, rejected). */
    void gone(int session, long token) {
        int n = liveCount[session];
        long[] t = liveToken[session];
        for (int i = 0; i < n; i++) {
            if (t[i] == token) {
                remove(session, i);
                return;
            }
        }
    }

    /** Forgets every live order (a new run on fresh sessions). */
    void reset() {
        java.util.Arrays.fill(liveCount, 0);
    }

    private long passivePrice(int symbol, boolean buy) {
        long off = 1 + random.nextInt(10);
        return REFERENCE[symbol] + (buy ? -off : off);
    }

    private void remove(int session, int i) {
        int last = --liveCount[session];
        liveToken[session][i] = liveToken[session][last];
        liveSymbol[session][i] = liveSymbol[session][last];
    }
}
