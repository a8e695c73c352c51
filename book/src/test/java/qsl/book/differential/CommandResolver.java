package qsl.book.differential;

import java.util.List;
import qsl.book.CommandType;
import qsl.book.Engine;
import qsl.book.SymbolSpec;
import qsl.book.differential.Scenario.Cmd;
import qsl.book.reference.ReferenceEngine;

/**
 * Turns abstract commands into concrete ones against the state a correct reference engine has
 * reached, so "cancel a live order" really names one. Deterministic: same state, same output.
 */
final class CommandResolver {
    private static final long[] WEIRD_IDS = {0, -1, Long.MAX_VALUE, Long.MIN_VALUE};

    private final Scenario scenario;
    private final SymbolSpec[] specBySymbol;

    CommandResolver(Scenario scenario) {
        this.scenario = scenario;
        this.specBySymbol = new SymbolSpec[scenario.config().maxSymbols()];
        for (SymbolSpec s : scenario.symbols()) specBySymbol[s.symbol()] = s;
    }

    Concrete resolve(Cmd c, ReferenceEngine state) {
        int maxSymbols = scenario.config().maxSymbols();
        int symbol = c.symbolPick() < 6 ? c.symbolPick() % maxSymbols : c.symbolPick() == 6 ? -1 : maxSymbols;
        long id;
        long[] target = null; // {id, symbol, side, price, open, account} of the live order picked, if any
        List<long[]> live = state.liveOrders();
        switch (c.id().mode()) {
            case LIVE, LIVE_OTHER_SYMBOL -> {
                if (live.isEmpty()) {
                    id = 1 + c.id().n() % 40;
                } else {
                    target = live.get(c.id().n() % live.size());
                    id = target[0];
                    if (c.id().mode() == Scenario.IdMode.LIVE && c.kind() != Scenario.Kind.NEW) symbol = (int) target[1];
                }
            }
            case WEIRD -> id = WEIRD_IDS[c.id().n() % WEIRD_IDS.length];
            case STRUCTURED -> id = (long) (1 + c.id().n() % 40) << 20 | (c.id().n() % 16);
            default -> id = 1 + c.id().n() % 40;
        }
        int account = c.accountPick() != Scenario.OWNER ? c.accountPick() : target != null ? (int) target[5] : 0;
        SymbolSpec spec = symbol >= 0 && symbol < maxSymbols ? specBySymbol[symbol] : null;
        if (spec == null) spec = scenario.symbols().get(0);
        if (target != null && target[1] != symbol) target = null; // modify of a foreign order: no "same price"
        long price = price(c.price(), spec, state.lastTradePrice(spec.symbol()), target);
        long qty = quantity(c.qty(), spec, target);
        return switch (c.kind()) {
            case NEW -> new Concrete(CommandType.NEW_ORDER, symbol, id, account, c.side(), c.type(), c.tif(), price, qty);
            case CANCEL -> new Concrete(CommandType.CANCEL, symbol, id, account, (byte) 0, (byte) 0, (byte) 0, 0, 0);
            case MODIFY -> new Concrete(CommandType.MODIFY, symbol, id, account, (byte) 0, (byte) 0, (byte) 0, price, qty);
            case MASS_CANCEL -> new Concrete(CommandType.MASS_CANCEL, c.symbolPick() == 6 ? Engine.ALL_SYMBOLS : symbol, 0, account,
                    (byte) 0, (byte) 0, (byte) 0, 0, 0);
            case UNKNOWN_TYPE -> new Concrete(c.unknownType(), symbol, id, account, (byte) 0, (byte) 0, (byte) 0, 0, 0);
        };
    }

    /** The reference price rounded down onto the tick grid, at least one tick. */
    static long base(SymbolSpec s) {
        long t = s.tickSize();
        return Math.max(t, s.referencePrice() / t * t);
    }

    /** {@code a + b}, saturating instead of wrapping (a generator must not invent wrapped prices). */
    static long add(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) return a > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        return r;
    }

    static long mul(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        if ((high == 0 && low >= 0) || (high == -1 && low < 0)) return low;
        return (a < 0) == (b < 0) ? Long.MAX_VALUE : Long.MIN_VALUE;
    }

    static long price(Scenario.PricePick p, SymbolSpec s, long lastTrade, long[] target) {
        long t = s.tickSize();
        long base = base(s);
        int k = p.k();
        return switch (p.mode()) {
            case NEAR -> add(base, mul(k - 40, t));
            case FAR -> add(base, mul(mul(k - 40, t), 1000));
            case SCATTERED -> add(base, add(mul(mul(k - 40, t), 6_400), mul(k, t)));
            case CLUSTER -> add(base, mul(k % 10 + ((k & 1) == 1 ? 200_000 : 0), t));
            case HUGE -> Long.MAX_VALUE / t * t - mul(k, t);
            case SMALL -> mul(k + 1, t);
            case NON_POSITIVE -> -k;
            case OFF_TICK -> add(base, 1 + k);
            case COLLAR_EDGE -> {
                long anchor = lastTrade != 0 ? lastTrade : base;
                long c = s.collar();
                yield switch (k % 6) {
                    case 0 -> add(anchor, c);
                    case 1 -> add(anchor, -c);
                    case 2 -> add(add(anchor, c), t);
                    case 3 -> add(add(anchor, -c), -t);
                    case 4 -> add(add(anchor, c), -t);
                    default -> add(add(anchor, -c), t);
                };
            }
            case SAME -> target != null ? target[3] : base;
        };
    }

    static long quantity(Scenario.QtyPick q, SymbolSpec s, long[] target) {
        int k = q.k();
        long open = target != null ? target[4] : 1 + k;
        return switch (q.mode()) {
            case SMALL -> 1 + k;
            case MIN_EDGE -> s.minQuantity() - 1 + k % 3;
            case MAX_EDGE -> add(s.maxQuantity() - 1, k % 3);
            case NON_POSITIVE -> -k;
            case HUGE -> switch (k % 4) {
                case 0 -> Long.MAX_VALUE;
                case 1 -> Long.MAX_VALUE / 2 + 1;
                case 2 -> 1L << 40;
                default -> add(s.maxQuantity(), s.maxQuantity());
            };
            case OPEN_MINUS -> open - k % open;
            case OPEN_PLUS -> open + 1 + k;
        };
    }
}
