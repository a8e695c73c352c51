package qsl.book.differential;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import qsl.book.EngineConfig;
import qsl.book.OrderType;
import qsl.book.Side;
import qsl.book.SymbolSpec;
import qsl.book.TimeInForce;
import qsl.book.differential.Scenario.Cmd;
import qsl.book.differential.Scenario.IdMode;
import qsl.book.differential.Scenario.IdPick;
import qsl.book.differential.Scenario.Kind;
import qsl.book.differential.Scenario.PriceMode;
import qsl.book.differential.Scenario.PricePick;
import qsl.book.differential.Scenario.QtyMode;
import qsl.book.differential.Scenario.QtyPick;

/** jqwik generators for {@link Scenario}s; every choice is a shrinkable value. */
public final class ScenarioArbitraries {
    private ScenarioArbitraries() {}

    /** Raw choices for one symbol's rules; turned into a {@link SymbolSpec} once the symbol id is known. */
    record SpecChoice(long tick, long min, int maxSel, int notionalSel, int collarSel, int refSel, boolean registered) {
        SymbolSpec toSpec(int symbol) {
            long max = switch (maxSel) {
                case 0 -> 1_000_000L;
                case 1 -> 50;
                case 2 -> min; // exactly one legal quantity
                default -> 1_000_000_000_000L;
            };
            long ref = switch (refSel) {
                case 0 -> 1000 * tick;
                case 1 -> 0;
                case 2 -> 1;
                case 3 -> 1_000_000 * tick + tick / 2; // off the tick grid
                case 4 -> Long.MAX_VALUE / tick * tick - 20 * tick; // the band's top edge is past Long.MAX_VALUE
                default -> Long.MAX_VALUE / 2;
            };
            long notional = switch (notionalSel) {
                case 0 -> Long.MAX_VALUE;
                case 1 -> 1000 * tick * 20; // about 20 lots at the reference
                default -> 5_000_000_000L;
            };
            long collar = switch (collarSel) {
                case 0 -> 0;
                case 1 -> 10 * tick;
                case 2 -> 1000 * tick;
                default -> 3 * tick + 1; // off the grid
            };
            return new SymbolSpec(symbol, tick, min, max, notional, collar, ref);
        }
    }

    static Arbitrary<SpecChoice> specChoices() {
        Arbitrary<Long> tick = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just(1L)), Tuple.of(1, Arbitraries.just(2L)), Tuple.of(2, Arbitraries.just(5L)),
                Tuple.of(2, Arbitraries.just(100L)), Tuple.of(1, Arbitraries.just(1_000_003L)));
        Arbitrary<Long> min = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(1L)), Tuple.of(2, Arbitraries.just(3L)), Tuple.of(1, Arbitraries.just(10L)));
        Arbitrary<Integer> maxSel = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(0)), Tuple.of(2, Arbitraries.just(1)), Tuple.of(1, Arbitraries.just(2)),
                Tuple.of(1, Arbitraries.just(3)));
        Arbitrary<Integer> notionalSel = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(0)), Tuple.of(2, Arbitraries.just(1)), Tuple.of(1, Arbitraries.just(2)));
        Arbitrary<Integer> collarSel = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just(0)), Tuple.of(2, Arbitraries.just(1)), Tuple.of(2, Arbitraries.just(2)),
                Tuple.of(1, Arbitraries.just(3)));
        Arbitrary<Integer> refSel = Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.just(0)), Tuple.of(1, Arbitraries.just(1)), Tuple.of(1, Arbitraries.just(2)),
                Tuple.of(1, Arbitraries.just(3)), Tuple.of(2, Arbitraries.just(4)), Tuple.of(1, Arbitraries.just(5)));
        Arbitrary<Boolean> registered = Arbitraries.frequency(Tuple.of(6, true), Tuple.of(1, false));
        return Combinators.combine(tick, min, maxSel, notionalSel, collarSel, refSel, registered).as(SpecChoice::new);
    }

    /** Mostly permissive rules, so dense streams trade instead of bouncing off risk checks. */
    static Arbitrary<SpecChoice> denseSpecChoices() {
        Arbitrary<Long> tick = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(1L)), Tuple.of(1, Arbitraries.just(5L)),
                Tuple.of(1, Arbitraries.just(100L)));
        Arbitrary<Integer> collarSel = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(0)), Tuple.of(1, Arbitraries.just(1)));
        Arbitrary<Integer> refSel = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(0)), Tuple.of(1, Arbitraries.just(4)));
        return Combinators.combine(tick, Arbitraries.just(1L), Arbitraries.just(0), Arbitraries.just(0), collarSel, refSel,
                Arbitraries.just(true)).as(SpecChoice::new);
    }

    static Arbitrary<EngineConfig> configs() {
        Arbitrary<Integer> maxOrders = Arbitraries.frequency(
                Tuple.of(2, 3), Tuple.of(3, 8), Tuple.of(2, 32), Tuple.of(3, 4096));
        Arbitrary<Integer> maxSymbols = Arbitraries.frequency(Tuple.of(3, 1), Tuple.of(3, 2), Tuple.of(2, 3), Tuple.of(1, 4));
        Arbitrary<Integer> band = Arbitraries.frequency(Tuple.of(8, 64), Tuple.of(2, 128));
        return Combinators.combine(maxOrders, maxSymbols, band).as(EngineConfig::new);
    }

    static Arbitrary<IdPick> ids(int liveWeight) {
        return Combinators.combine(
                Arbitraries.frequency(Tuple.of(100 - liveWeight, IdMode.LITERAL), Tuple.of(liveWeight, IdMode.LIVE),
                        Tuple.of(4, IdMode.LIVE_OTHER_SYMBOL), Tuple.of(2, IdMode.WEIRD)),
                Arbitraries.integers().between(0, 39)).as(IdPick::new);
    }

    /** Scattered prices (100 band widths), two far clusters, or near ones: the adversarial shapes. */
    static Arbitrary<PricePick> adversarialPrices() {
        return Combinators.combine(
                Arbitraries.frequency(Tuple.of(4, PriceMode.SCATTERED), Tuple.of(4, PriceMode.CLUSTER), Tuple.of(2, PriceMode.NEAR),
                        Tuple.of(1, PriceMode.SAME)),
                Arbitraries.integers().between(0, 80)).as(PricePick::new);
    }

    /** Structured ids (seq << 20 | gateway) and live orders. */
    static Arbitrary<IdPick> structuredIds(int liveWeight) {
        return Combinators.combine(
                Arbitraries.frequency(Tuple.of(100 - liveWeight, IdMode.STRUCTURED), Tuple.of(liveWeight, IdMode.LIVE)),
                Arbitraries.integers().between(0, 39)).as(IdPick::new);
    }

    /**
     * The adversarial shapes of the workload module in miniature: prices scattered over 100 band
     * widths or in two clusters far apart, ids of the form {@code seq << 20 | gateway}.
     */
    public static Arbitrary<Scenario> adversarialScenarios() {
        Arbitrary<Cmd> news = Combinators.combine(symbolPicks(), structuredIds(6), sides(0), types(0), tifs(0), adversarialPrices(),
                        quantities(), accounts())
                .as((sym, id, side, type, tif, price, qty, acct) -> new Cmd(Kind.NEW, sym, id, side, type, tif, price, qty, (byte) 0, acct));
        Arbitrary<Cmd> cancels = Combinators.combine(symbolPicks(), structuredIds(80), actingAccounts())
                .as((sym, id, acct) -> new Cmd(Kind.CANCEL, sym, id, (byte) 0, (byte) 0, (byte) 0,
                        new PricePick(PriceMode.NEAR, 0), new QtyPick(QtyMode.SMALL, 0), (byte) 0, acct));
        Arbitrary<Cmd> modifies = Combinators.combine(symbolPicks(), structuredIds(80), modifyPrices(adversarialPrices()), quantities(),
                        actingAccounts())
                .as((sym, id, price, qty, acct) -> new Cmd(Kind.MODIFY, sym, id, (byte) 0, (byte) 0, (byte) 0, price, qty, (byte) 0, acct));
        Arbitrary<Cmd> cmds = Arbitraries.frequencyOf(Tuple.of(6, news), Tuple.of(3, cancels), Tuple.of(2, modifies));
        return scenarios(configs(), specChoices(), cmds, 300);
    }

    static Arbitrary<PricePick> prices() {
        return Combinators.combine(
                Arbitraries.frequency(Tuple.of(60, PriceMode.NEAR), Tuple.of(5, PriceMode.FAR), Tuple.of(4, PriceMode.HUGE),
                        Tuple.of(3, PriceMode.SMALL), Tuple.of(3, PriceMode.NON_POSITIVE), Tuple.of(4, PriceMode.OFF_TICK),
                        Tuple.of(8, PriceMode.COLLAR_EDGE), Tuple.of(8, PriceMode.SAME)),
                Arbitraries.integers().between(0, 80)).as(PricePick::new);
    }

    /** Prices that stay near the reference: many crossings, dense levels. */
    static Arbitrary<PricePick> tightPrices() {
        return Combinators.combine(Arbitraries.just(PriceMode.NEAR), Arbitraries.integers().between(34, 46)).as(PricePick::new);
    }

    static Arbitrary<PricePick> modifyPrices(Arbitrary<PricePick> prices) {
        return Arbitraries.frequencyOf(Tuple.of(3, prices),
                Tuple.of(2, Combinators.combine(Arbitraries.just(PriceMode.SAME), Arbitraries.just(0)).as(PricePick::new)));
    }

    static Arbitrary<QtyPick> quantities() {
        return Combinators.combine(
                Arbitraries.frequency(Tuple.of(110, QtyMode.SMALL), Tuple.of(5, QtyMode.MIN_EDGE), Tuple.of(5, QtyMode.MAX_EDGE),
                        Tuple.of(3, QtyMode.NON_POSITIVE), Tuple.of(3, QtyMode.HUGE), Tuple.of(8, QtyMode.OPEN_MINUS),
                        Tuple.of(6, QtyMode.OPEN_PLUS)),
                Arbitraries.integers().between(0, 19)).as(QtyPick::new);
    }

    static Arbitrary<Byte> sides(int bad) {
        return Arbitraries.frequency(Tuple.of(50, Side.BUY), Tuple.of(50, Side.SELL), Tuple.of(bad, (byte) 2), Tuple.of(bad, (byte) -1));
    }

    static Arbitrary<Byte> types(int bad) {
        return Arbitraries.frequency(Tuple.of(85, OrderType.LIMIT), Tuple.of(15, OrderType.MARKET), Tuple.of(bad, (byte) 2),
                Tuple.of(bad, (byte) -128));
    }

    static Arbitrary<Byte> tifs(int bad) {
        return Arbitraries.frequency(Tuple.of(65, TimeInForce.GTC), Tuple.of(20, TimeInForce.IOC), Tuple.of(15, TimeInForce.FOK),
                Tuple.of(bad, (byte) 3), Tuple.of(bad, (byte) 127));
    }

    static Arbitrary<Integer> symbolPicks() {
        return Arbitraries.frequency(Tuple.of(40, 0), Tuple.of(25, 1), Tuple.of(15, 2), Tuple.of(8, 3), Tuple.of(2, 4),
                Tuple.of(2, 5), Tuple.of(2, 6), Tuple.of(2, 7));
    }

    /** The account a new order is entered by (or a mass cancel names): one of a small set. */
    static Arbitrary<Integer> accounts() {
        return Arbitraries.integers().between(0, Scenario.ACCOUNTS - 1);
    }

    /** Cancel and modify: mostly the target's owner, often another account (NOT_OWNER). */
    static Arbitrary<Integer> actingAccounts() {
        return Arbitraries.frequency(Tuple.of(8, 0), Tuple.of(8, 1), Tuple.of(8, 2), Tuple.of(76, Scenario.OWNER));
    }

    /** Mass cancel symbols: mostly a registered one, often all (pick 6, -1), sometimes out of range (7). */
    static Arbitrary<Integer> massCancelSymbolPicks() {
        return Arbitraries.frequency(Tuple.of(30, 0), Tuple.of(15, 1), Tuple.of(10, 2), Tuple.of(5, 3), Tuple.of(35, 6),
                Tuple.of(5, 7));
    }

    static Arbitrary<Cmd> commands(Arbitrary<PricePick> prices, int bad) {
        Arbitrary<Cmd> news = Combinators.combine(symbolPicks(), ids(6), sides(bad), types(bad), tifs(bad), prices, quantities(), accounts())
                .as((sym, id, side, type, tif, price, qty, acct) -> new Cmd(Kind.NEW, sym, id, side, type, tif, price, qty, (byte) 0, acct));
        Arbitrary<Cmd> cancels = Combinators.combine(symbolPicks(), ids(70), actingAccounts())
                .as((sym, id, acct) -> new Cmd(Kind.CANCEL, sym, id, (byte) 0, (byte) 0, (byte) 0, new PricePick(PriceMode.NEAR, 0),
                        new QtyPick(QtyMode.SMALL, 0), (byte) 0, acct));
        Arbitrary<Cmd> modifies = Combinators.combine(symbolPicks(), ids(75), modifyPrices(prices), quantities(), actingAccounts())
                .as((sym, id, price, qty, acct) -> new Cmd(Kind.MODIFY, sym, id, (byte) 0, (byte) 0, (byte) 0, price, qty, (byte) 0, acct));
        Arbitrary<Cmd> massCancels = Combinators.combine(massCancelSymbolPicks(), accounts())
                .as((sym, acct) -> new Cmd(Kind.MASS_CANCEL, sym, new IdPick(IdMode.LITERAL, 0), (byte) 0, (byte) 0, (byte) 0,
                        new PricePick(PriceMode.NEAR, 0), new QtyPick(QtyMode.SMALL, 0), (byte) 0, acct));
        Arbitrary<Cmd> unknown = Combinators.combine(symbolPicks(), ids(30),
                        Arbitraries.of((byte) 0, (byte) 5, (byte) 127, (byte) -1), accounts())
                .as((sym, id, type, acct) -> new Cmd(Kind.UNKNOWN_TYPE, sym, id, (byte) 0, (byte) 0, (byte) 0,
                        new PricePick(PriceMode.NEAR, 0), new QtyPick(QtyMode.SMALL, 0), type, acct));
        return Arbitraries.frequencyOf(Tuple.of(60, news), Tuple.of(12, cancels), Tuple.of(26, modifies), Tuple.of(2, massCancels),
                Tuple.of(1, unknown));
    }

    /** The general mix: many symbols, every kind of bad input, band edges and overflow. */
    public static Arbitrary<Scenario> scenarios() {
        return scenarios(configs(), specChoices(), commands(prices(), 1), 250);
    }

    /** One symbol, prices within a few ticks, a small order pool: deep queues, sweeps and BOOK_FULL. */
    public static Arbitrary<Scenario> denseScenarios() {
        Arbitrary<EngineConfig> small = Combinators.combine(Arbitraries.frequency(Tuple.of(1, 4), Tuple.of(1, 12), Tuple.of(1, 64)),
                Arbitraries.just(1), Arbitraries.just(64)).as(EngineConfig::new);
        return scenarios(small, denseSpecChoices(), commands(Arbitraries.frequencyOf(Tuple.of(6, tightPrices()), Tuple.of(1, prices())), 0), 400);
    }

    static Arbitrary<Scenario> scenarios(Arbitrary<EngineConfig> configs, Arbitrary<SpecChoice> specChoices, Arbitrary<Cmd> commands,
                                         int maxCommands) {
        Arbitrary<List<SpecChoice>> specs = specChoices.list().ofSize(4);
        // Uniform sizes: jqwik's default favours short lists, and the interesting states need long ones.
        Arbitrary<List<Cmd>> cmds = commands.list().ofMinSize(1).ofMaxSize(maxCommands).withSizeDistribution(RandomDistribution.uniform())
                .withoutEdgeCases();
        return Combinators.combine(configs, specs, cmds).as((config, choices, list) -> {
            List<SymbolSpec> symbols = new ArrayList<>();
            for (int s = 0; s < config.maxSymbols(); s++) {
                SpecChoice ch = choices.get(s);
                if (s == 0 || ch.registered()) symbols.add(ch.toSpec(s));
            }
            return new Scenario(config, symbols, list);
        });
    }
}
