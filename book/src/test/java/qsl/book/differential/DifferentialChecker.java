package qsl.book.differential;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import qsl.book.Engine;
import qsl.book.EventSink;
import qsl.book.Side;
import qsl.book.SymbolSpec;
import qsl.book.differential.RecordingSink.Event;
import qsl.book.reference.ReferenceEngine;

/**
 * Drives one {@link Scenario} through two engines and compares, after every command, every
 * event and the whole observable state; it also checks the book invariants on both. Returns a
 * readable report of the first divergence (the concrete stream up to it), or empty.
 */
public final class DifferentialChecker {
    private DifferentialChecker() {}

    public static Optional<String> check(Scenario scenario, EngineFactory first, EngineFactory second) {
        List<Engine> built = new ArrayList<>();
        try {
            return run(scenario, first, second, built);
        } finally {
            for (Engine e : built) close(e);
        }
    }

    private static void close(Engine e) {
        if (e instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing frees off-heap memory early; the engine's cleaner would do it anyway
            }
        }
    }

    private static Optional<String> run(Scenario scenario, EngineFactory first, EngineFactory second, List<Engine> built) {
        List<SymbolSpec> symbols = scenario.symbols();
        CommandResolver resolver = new CommandResolver(scenario);
        ReferenceEngine shadow = new ReferenceEngine(scenario.config(), EventSink.NONE);
        RecordingSink sa = new RecordingSink();
        RecordingSink sb = new RecordingSink();
        Engine a;
        Engine b;
        try {
            a = first.create(scenario.config(), sa);
            built.add(a);
            b = second.create(scenario.config(), sb);
            built.add(b);
            for (SymbolSpec s : symbols) {
                shadow.addSymbol(s);
                a.addSymbol(s);
                b.addSymbol(s);
            }
        } catch (RuntimeException e) {
            return Optional.of("engine construction failed: " + e + "\n" + scenario);
        }
        List<Concrete> done = new ArrayList<>();
        EventLedger ledger = new EventLedger();
        long lastSeq = 0;
        for (Scenario.Cmd cmd : scenario.commands()) {
            Concrete c = resolver.resolve(cmd, shadow);
            done.add(c);
            c.applyTo(shadow);
            List<Event> ea;
            List<Event> eb;
            try {
                c.applyTo(a);
            } catch (RuntimeException e) {
                return fail(scenario, done, "first engine threw " + stack(e), sa.events(), sb.events());
            }
            try {
                c.applyTo(b);
            } catch (RuntimeException e) {
                return fail(scenario, done, "second engine threw " + stack(e), sa.events(), sb.events());
            }
            ea = sa.drain();
            eb = sb.drain();
            if (!ea.equals(eb)) return fail(scenario, done, "events differ", ea, eb);
            Snapshot pa;
            Snapshot pb;
            try {
                pa = Snapshot.of(a, symbols);
                pb = Snapshot.of(b, symbols);
            } catch (RuntimeException e) {
                return fail(scenario, done, "snapshot threw " + stack(e), ea, eb);
            }
            if (!pa.equals(pb))
                return fail(scenario, done, "state differs\n  first:  " + pa + "\n  second: " + pb, ea, eb);
            String broken = invariants(pa, symbols);
            if (broken == null) broken = ledger.accept(ea, lastSeq, pa.lastSequence());
            if (broken == null) broken = massCancelLeftNothing(c, ea, pa);
            if (broken != null) return fail(scenario, done, "invariant broken: " + broken, ea, eb);
            lastSeq = pa.lastSequence();
        }
        return restoreCheck(scenario, first, second, a, done, built);
    }

    /**
     * Snapshot round trip: both kinds of engine, rebuilt from the first engine's visible state
     * through the restore calls, must report the same state and digest as the original.
     */
    private static Optional<String> restoreCheck(Scenario scenario, EngineFactory first, EngineFactory second, Engine original,
                                                 List<Concrete> done, List<Engine> built) {
        Snapshot expected = Snapshot.of(original, scenario.symbols());
        for (EngineFactory f : List.of(first, second)) {
            RecordingSink sink = new RecordingSink();
            Snapshot got;
            try {
                Engine e = f.create(scenario.config(), sink);
                built.add(e);
                for (SymbolSpec s : scenario.symbols()) e.addSymbol(s);
                for (Snapshot.SymbolView v : expected.symbols()) {
                    for (Record r : v.walk()) {
                        if (r instanceof Snapshot.OrderRow o)
                            e.restoreOrder(v.symbol(), o.orderId(), o.account(), o.side(), o.price(), o.open());
                    }
                    e.restoreLastTradePrice(v.symbol(), v.lastTrade());
                }
                e.restoreLastSequence(expected.lastSequence());
                got = Snapshot.of(e, scenario.symbols());
            } catch (RuntimeException ex) {
                return fail(scenario, done, "restore threw " + stack(ex), List.of(), List.of());
            }
            if (!sink.events().isEmpty())
                return fail(scenario, done, "restore emitted events", sink.events(), List.of());
            if (!got.equals(expected))
                return fail(scenario, done, "restored state differs\n  original: " + expected + "\n  restored: " + got, List.of(), List.of());
        }
        return Optional.empty();
    }

    /** After an accepted mass cancel, the account has no order left on the symbols it covered. */
    static String massCancelLeftNothing(Concrete c, List<Event> events, Snapshot after) {
        if (c.type() != qsl.book.CommandType.MASS_CANCEL || events.get(0) instanceof RecordingSink.Rejected) return null;
        for (Snapshot.SymbolView v : after.symbols()) {
            if (c.symbol() != Engine.ALL_SYMBOLS && c.symbol() != v.symbol()) continue;
            for (Record r : v.walk()) {
                if (r instanceof Snapshot.OrderRow o && o.account() == c.account())
                    return "mass cancel of account " + c.account() + " left order " + o + " on symbol " + v.symbol();
            }
        }
        return null;
    }

    private static String stack(RuntimeException e) {
        StringBuilder sb = new StringBuilder(e.toString());
        StackTraceElement[] st = e.getStackTrace();
        for (int i = 0; i < Math.min(8, st.length); i++) sb.append("\n      at ").append(st[i]);
        return sb.toString();
    }

    private static Optional<String> fail(Scenario scenario, List<Concrete> done, String what, List<Event> ea, List<Event> eb) {
        StringBuilder sb = new StringBuilder();
        sb.append("DIVERGENCE at command ").append(done.size() - 1).append(": ").append(what).append('\n');
        sb.append(scenario.config()).append('\n');
        for (SymbolSpec s : scenario.symbols()) sb.append("  addSymbol(").append(s).append(")\n");
        sb.append("concrete stream (").append(done.size()).append(" commands):\n");
        for (int i = 0; i < done.size(); i++) sb.append(String.format("  %3d  %s%n", i, done.get(i)));
        sb.append("events of the last command, first engine:\n");
        for (Event e : ea) sb.append("    ").append(e).append('\n');
        sb.append("events of the last command, second engine:\n");
        for (Event e : eb) sb.append("    ").append(e).append('\n');
        return Optional.of(sb.toString());
    }

    /** Book-shape invariants of one engine's snapshot; null when they hold. */
    static String invariants(Snapshot p, List<SymbolSpec> symbols) {
        int resting = 0;
        for (Snapshot.SymbolView v : p.symbols()) {
            long firstBid = 0;
            long firstAsk = 0;
            Snapshot.LevelRow level = null;
            long sum = 0;
            int count = 0;
            long prevBid = Long.MAX_VALUE;
            long prevAsk = Long.MIN_VALUE;
            boolean sawAsk = false;
            for (Record r : v.walk()) {
                if (r instanceof Snapshot.LevelRow l) {
                    String bad = closeLevel(v.symbol(), level, sum, count);
                    if (bad != null) return bad;
                    level = l;
                    sum = 0;
                    count = 0;
                    if (l.side() == Side.BUY) {
                        if (sawAsk) return "symbol " + v.symbol() + ": bid level visited after asks";
                        if (firstBid != 0 && l.price() >= prevBid) return "symbol " + v.symbol() + ": bids not strictly descending at " + l.price();
                        prevBid = l.price();
                        if (firstBid == 0) firstBid = l.price();
                    } else if (l.side() == Side.SELL) {
                        sawAsk = true;
                        if (firstAsk != 0 && l.price() <= prevAsk) return "symbol " + v.symbol() + ": asks not strictly ascending at " + l.price();
                        prevAsk = l.price();
                        if (firstAsk == 0) firstAsk = l.price();
                    } else {
                        return "symbol " + v.symbol() + ": level with side " + l.side();
                    }
                    if (l.price() <= 0) return "symbol " + v.symbol() + ": level at non-positive price " + l.price();
                } else if (r instanceof Snapshot.OrderRow o) {
                    if (level == null || o.side() != level.side() || o.price() != level.price())
                        return "symbol " + v.symbol() + ": order " + o + " outside its level";
                    if (o.open() <= 0) return "symbol " + v.symbol() + ": order resting with quantity " + o.open();
                    sum += o.open();
                    count++;
                    resting++;
                }
            }
            String bad = closeLevel(v.symbol(), level, sum, count);
            if (bad != null) return bad;
            if (v.bestBid() != firstBid) return "symbol " + v.symbol() + ": bestBid " + v.bestBid() + " but first bid level " + firstBid;
            if (v.bestAsk() != firstAsk) return "symbol " + v.symbol() + ": bestAsk " + v.bestAsk() + " but first ask level " + firstAsk;
            if (firstBid != 0 && firstAsk != 0 && firstBid >= firstAsk)
                return "symbol " + v.symbol() + ": crossed book, bid " + firstBid + " >= ask " + firstAsk;
        }
        if (resting != p.restingOrders()) return "restingOrders " + p.restingOrders() + " but the books hold " + resting;
        return null;
    }

    private static String closeLevel(int symbol, Snapshot.LevelRow level, long sum, int count) {
        if (level == null) return null;
        if (count == 0) return "symbol " + symbol + ": empty level " + level;
        if (level.total() != sum || level.count() != count)
            return "symbol " + symbol + ": level " + level + " but its orders sum to " + sum + " in " + count;
        return null;
    }

    /**
     * Event-stream invariants across commands: sequence numbers strictly increase over accepted
     * commands; every trade is consistent with the quantities the ledger has seen; no order ever
     * executes more than was submitted for it.
     */
    static final class EventLedger {
        /** Per live (or in-flight) order: {submitted, executed, open}. */
        private final Map<Long, long[]> orders = new HashMap<>();

        String accept(List<Event> events, long lastSeqBefore, long lastSeqAfter) {
            if (events.isEmpty()) return "a command produced no event";
            Event first = events.get(0);
            if (first instanceof RecordingSink.Rejected) {
                if (events.size() != 1) return "a reject followed by more events";
                if (lastSeqAfter != lastSeqBefore) return "a rejected command moved lastSequence";
                return null;
            }
            long seq = lastSeqBefore + 1;
            if (lastSeqAfter != seq) return "lastSequence " + lastSeqAfter + " after an accepted command, expected " + seq;
            long takerId = 0;
            long takerLeft = 0;
            int tops = 0;
            int massCancels = 0;
            java.util.Set<Integer> topSymbols = new java.util.HashSet<>();
            for (Event e : events) {
                long s = seqOf(e);
                if (s != seq) return "event " + e + " carries seq " + s + ", expected " + seq;
                switch (e) {
                    case RecordingSink.Accepted a -> {
                        orders.put(a.orderId(), new long[] {a.quantity(), 0, a.quantity()});
                        takerId = a.orderId();
                        takerLeft = a.quantity();
                    }
                    case RecordingSink.Modified m -> {
                        long[] o = orders.get(m.orderId());
                        if (o == null) return "modify of an order the ledger does not know: " + m;
                        if (m.quantity() > o[2]) o[0] += m.quantity() - o[2];
                        else o[0] -= o[2] - m.quantity();
                        o[2] = m.quantity();
                        takerId = m.orderId();
                        takerLeft = m.quantity();
                    }
                    case RecordingSink.Trade t -> {
                        if (t.quantity() <= 0) return "trade with quantity " + t.quantity();
                        long[] maker = orders.get(t.maker());
                        if (maker == null) return "trade with an unknown maker: " + t;
                        if (t.taker() != takerId) return "trade names taker " + t.taker() + ", expected " + takerId;
                        if (t.quantity() > maker[2] || t.quantity() > takerLeft) return "trade larger than what is open: " + t;
                        maker[1] += t.quantity();
                        maker[2] -= t.quantity();
                        takerLeft -= t.quantity();
                        long[] taker = orders.get(takerId);
                        taker[1] += t.quantity();
                        taker[2] -= t.quantity();
                        if (maker[2] != t.makerRemaining()) return "makerRemaining " + t.makerRemaining() + ", ledger says " + maker[2];
                        if (takerLeft != t.takerRemaining()) return "takerRemaining " + t.takerRemaining() + ", ledger says " + takerLeft;
                        if (maker[1] > maker[0] || taker[1] > taker[0]) return "an order executed more than was submitted: " + t;
                        if (maker[2] == 0) orders.remove(t.maker());
                    }
                    case RecordingSink.Cancelled c -> {
                        long[] o = orders.remove(c.orderId());
                        if (o == null) return "cancel of an order the ledger does not know: " + c;
                        if (o[2] != c.quantity()) return "cancelled quantity " + c.quantity() + ", ledger says open " + o[2];
                        if (c.reason() == qsl.book.CancelReason.MASS) massCancels++;
                    }
                    case RecordingSink.TopOfBook tb -> {
                        tops++;
                        if (!topSymbols.add(tb.symbol())) return "two top-of-book events for symbol " + tb.symbol() + " in one command";
                    }
                    default -> { }
                }
            }
            long[] taker = orders.get(takerId);
            if (taker != null && taker[2] == 0) orders.remove(takerId);
            if (events.get(events.size() - 1) instanceof RecordingSink.MassCancelled mc) {
                for (int i = 0; i < events.size() - 1; i++) {
                    Event e = events.get(i);
                    if (!(e instanceof RecordingSink.Cancelled || e instanceof RecordingSink.Level || e instanceof RecordingSink.TopOfBook))
                        return "a mass cancel emitted " + e;
                    if (e instanceof RecordingSink.Cancelled c && c.reason() != qsl.book.CancelReason.MASS)
                        return "a mass cancel cancelled with reason " + c.reason();
                }
                if (mc.count() != massCancels) return "mass cancel reports " + mc.count() + " but cancelled " + massCancels;
                return null;
            }
            if (massCancels > 0) return "MASS cancels outside a mass cancel";
            if (tops > 1) return "more than one top-of-book event in one command";
            if (tops == 1 && !(events.get(events.size() - 1) instanceof RecordingSink.TopOfBook))
                return "top of book is not the last event";
            return null;
        }

        private static long seqOf(Event e) {
            return switch (e) {
                case RecordingSink.Accepted a -> a.seq();
                case RecordingSink.Trade t -> t.seq();
                case RecordingSink.Cancelled c -> c.seq();
                case RecordingSink.Modified m -> m.seq();
                case RecordingSink.Level l -> l.seq();
                case RecordingSink.TopOfBook t -> t.seq();
                case RecordingSink.MassCancelled m -> m.seq();
                case RecordingSink.Rejected r -> -1;
            };
        }
    }
}
