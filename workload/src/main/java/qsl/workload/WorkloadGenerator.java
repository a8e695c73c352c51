package qsl.workload;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import qsl.book.CommandDescriptor;
import qsl.book.OrderType;
import qsl.book.Side;
import qsl.book.SymbolSpec;
import qsl.book.TimeInForce;

/**
 * Writes a seeded, deterministic synthetic order flow as {@link CommandDescriptor} records.
 * Every command it writes is valid (no rejects): it keeps its own exact model of each book
 * ({@link ShadowBook}) so cancels and moves always name live orders, and it knows which
 * commands trade. Same shape, seed and size give byte-identical output.
 *
 * <p>Main-phase mix per command: 9% GTC, 3% IOC, 6% cancel, 82% move, as in exchange-core's
 * benchmark. Which of them trade is controlled: every IOC crosses, about one GTC in six and one
 * move in fifty is priced through the opposite best; the rest stay passive inside the book's
 * price window. That gives about 6% trading commands.
 */
public final class WorkloadGenerator {
    /** Resting orders the exchange-core shape keeps per symbol. */
    public static final int TARGET_ORDERS = 1000;
    /** Price slots the exchange-core shape spreads its orders over. */
    public static final int PRICE_SLOTS = 750;

    private static final int GTC_PERCENT = 9;
    private static final int IOC_PERCENT = 3;
    private static final int CANCEL_PERCENT = 6;
    /**
     * GTC orders priced through the opposite best, out of 1000, when the book is below / above its
     * target size. Below it, crossing GTCs are small and mostly fill themselves without removing a
     * maker; crossing moves (which carry a whole resting order's size) remove makers, so they are
     * rarer. Together with the taker sizes this holds the book near its target and the trading
     * fraction near 6%.
     */
    private static final int GTC_CROSS_THIN = 110;
    private static final int GTC_CROSS_FAT = 340;
    /** Moves priced through the opposite best, out of 1000, thin / fat book. */
    private static final int MOVE_CROSS_THIN = 11;
    private static final int MOVE_CROSS_FAT = 30;

    private WorkloadGenerator() {}

    /** Per-symbol generation state. */
    private static final class Market {
        final SymbolSpec spec;
        final ShadowBook book = new ShadowBook();
        final int targetOrders;
        final int halfSlots;
        /** Where passive orders are centred, in price units (moves for the drifting shape). */
        long center;

        Market(SymbolSpec spec, int targetOrders, int slots) {
            this.spec = spec;
            this.targetOrders = targetOrders;
            this.halfSlots = slots / 2;
            this.center = spec.referencePrice();
        }
    }

    /**
     * Generates {@code mainCommands} mixed commands after a prefill into {@code arena}.
     *
     * @param closeOut append one cancel per order still live at the end
     */
    public static Workload generate(WorkloadShape shape, long seed, int mainCommands, boolean closeOut, Arena arena) {
        if (mainCommands < 0) throw new IllegalArgumentException("mainCommands < 0: " + mainCommands);
        if (shape.ordinal() > WorkloadShape.DRIFTING.ordinal()) return FlowGenerator.generate(shape, seed, mainCommands, closeOut, arena);
        SplitMix64 rng = new SplitMix64(seed ^ 0x51_5e_ed_00L ^ shape.ordinal());
        List<Market> markets = markets(shape);
        List<SymbolSpec> specs = new ArrayList<>();
        for (Market m : markets) specs.add(m.spec);
        Writer out = new Writer(mainCommands + TARGET_ORDERS * markets.size() * 2 + 16);
        long[] nextId = {1};
        int trading = 0;

        // Prefill: passive GTC orders on both sides of each reference, none crossing.
        for (Market m : markets) {
            for (int i = 0; i < m.targetOrders; i++) {
                byte side = (i & 1) == 0 ? Side.BUY : Side.SELL;
                long price = passivePrice(m, side, rng);
                long qty = makerQuantity(rng);
                long id = nextId[0]++;
                out.newOrder(m.spec.symbol(), id, side, TimeInForce.GTC, price, qty);
                trading += m.book.limit(id, side, price, qty, true) > 0 ? 1 : 0;
            }
        }
        int prefill = out.count;

        int gtc = 0;
        int ioc = 0;
        int cancels = 0;
        int moves = 0;
        int[] weights = activityWeights(markets.size());
        int weightTotal = 0;
        for (int w : weights) weightTotal += w;
        for (int n = 0; n < mainCommands; n++) {
            Market m = markets.get(pick(weights, weightTotal, rng));
            if (shape == WorkloadShape.DRIFTING) m.center = driftCenter(m, n, mainCommands);
            int roll = rng.nextInt(100);
            ShadowBook book = m.book;
            boolean canTouchLive = book.liveCount() > 0;
            if (roll < GTC_PERCENT || !canTouchLive) {
                byte side = rng.nextBoolean() ? Side.BUY : Side.SELL;
                long opposite = side == Side.BUY ? book.bestAsk() : book.bestBid();
                long price;
                long qty = makerQuantity(rng);
                if (opposite != 0 && rng.nextInt(1000) < (thin(m) ? GTC_CROSS_THIN : GTC_CROSS_FAT)) {
                    price = through(m, side, opposite, rng);
                    qty = takerQuantity(m, rng);
                } else {
                    price = passivePrice(m, side, rng);
                }
                long id = nextId[0]++;
                out.newOrder(m.spec.symbol(), id, side, TimeInForce.GTC, price, qty);
                trading += book.limit(id, side, price, qty, true) > 0 ? 1 : 0;
                gtc++;
            } else if (roll < GTC_PERCENT + IOC_PERCENT) {
                byte side = rng.nextBoolean() ? Side.BUY : Side.SELL;
                long opposite = side == Side.BUY ? book.bestAsk() : book.bestBid();
                if (opposite == 0) {
                    side = Side.opposite(side);
                    opposite = side == Side.BUY ? book.bestAsk() : book.bestBid();
                }
                long price = through(m, side, opposite, rng);
                long qty = takerQuantity(m, rng);
                long id = nextId[0]++;
                out.newOrder(m.spec.symbol(), id, side, TimeInForce.IOC, price, qty);
                trading += book.limit(id, side, price, qty, false) > 0 ? 1 : 0;
                ioc++;
            } else if (roll < GTC_PERCENT + IOC_PERCENT + CANCEL_PERCENT) {
                ShadowBook.Order o = book.live(rng.nextInt(book.liveCount()));
                out.cancel(m.spec.symbol(), o.id);
                book.cancel(o);
                cancels++;
            } else {
                ShadowBook.Order o = book.live(rng.nextInt(book.liveCount()));
                long opposite = o.side == Side.BUY ? book.bestAsk() : book.bestBid();
                long price;
                if (opposite != 0 && rng.nextInt(1000) < (thin(m) ? MOVE_CROSS_THIN : MOVE_CROSS_FAT)) {
                    price = through(m, o.side, opposite, rng);
                } else if (shape == WorkloadShape.DRIFTING) {
                    price = passivePrice(m, o.side, rng);
                } else {
                    price = nudge(m, o, rng);
                }
                if (price == o.price) price = o.side == Side.BUY ? price - m.spec.tickSize() : price + m.spec.tickSize();
                out.modify(m.spec.symbol(), o.id, price, o.open);
                trading += book.move(o, price) > 0 ? 1 : 0;
                moves++;
            }
        }

        int closing = 0;
        if (closeOut) {
            for (Market m : markets) {
                while (m.book.liveCount() > 0) {
                    ShadowBook.Order o = m.book.live(m.book.liveCount() - 1);
                    out.cancel(m.spec.symbol(), o.id);
                    m.book.cancel(o);
                    closing++;
                }
            }
        }
        int liveAtEnd = 0;
        for (Market m : markets) liveAtEnd += m.book.liveCount();
        MemorySegment seg = arena.allocate((long) out.count * CommandDescriptor.LENGTH, 8);
        MemorySegment.copy(out.segment(), 0, seg, 0, seg.byteSize());
        return new Workload(shape, seed, seg, out.count, List.copyOf(specs), prefill, closing, gtc, ioc, cancels, moves,
                trading, liveAtEnd);
    }

    /** The symbols a workload of {@code shape} uses, without generating it (for a replayer). */
    public static List<SymbolSpec> symbols(WorkloadShape shape) {
        if (shape.ordinal() > WorkloadShape.DRIFTING.ordinal()) return List.of(FlowGenerator.symbol());
        List<SymbolSpec> specs = new ArrayList<>();
        for (Market m : markets(shape)) specs.add(m.spec);
        return List.copyOf(specs);
    }

    private static List<Market> markets(WorkloadShape shape) {
        List<Market> list = new ArrayList<>();
        switch (shape) {
            case EXCHANGE_CORE -> list.add(new Market(SymbolSpec.open(0, 100_000), TARGET_ORDERS, PRICE_SLOTS));
            case MULTI_SYMBOL -> {
                long[] ticks = {1, 1, 5, 10, 25, 1, 100, 2};
                for (int s = 0; s < ticks.length; s++) {
                    long tick = ticks[s];
                    long ref = (10_000L + 7_919L * s) * tick;
                    list.add(new Market(new SymbolSpec(s, tick, 1, 1_000_000_000L, Long.MAX_VALUE, 0, ref),
                            TARGET_ORDERS / 4, PRICE_SLOTS));
                }
            }
            case DRIFTING -> list.add(new Market(SymbolSpec.open(0, 10_000_000), TARGET_ORDERS, PRICE_SLOTS));
            default -> throw new IllegalArgumentException("not a WorkloadGenerator shape: " + shape);
        }
        return list;
    }

    /** Symbol activity: the first symbols are busier (1/(s+1)-like), as real venues are. */
    private static int[] activityWeights(int symbols) {
        int[] w = new int[symbols];
        for (int s = 0; s < symbols; s++) w[s] = 840 / (s + 1);
        return w;
    }

    private static int pick(int[] weights, int total, SplitMix64 rng) {
        if (weights.length == 1) return 0;
        int r = rng.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) return i;
        }
        return weights.length - 1;
    }

    /**
     * The drifting market's centre: a triangle wave of amplitude 40,000 ticks (ten 4096-level
     * bands) over the run, so the book walks up, back down through its start, and below it.
     */
    private static long driftCenter(Market m, int n, int total) {
        long amplitude = 40_000L * m.spec.tickSize();
        long period = Math.max(1, total);
        double phase = (double) n / period; // 0..1: up, down, down, up
        double tri = phase < 0.25 ? phase * 4 : phase < 0.75 ? 2 - phase * 4 : phase * 4 - 4;
        long offset = (long) (tri * amplitude) / m.spec.tickSize() * m.spec.tickSize();
        return m.spec.referencePrice() + offset;
    }

    /** A passive price on {@code side}: within the half-window behind the centre, never through the opposite best. */
    private static long passivePrice(Market m, byte side, SplitMix64 rng) {
        long tick = m.spec.tickSize();
        // min of two uniforms: denser near the centre, like a real book.
        int d = Math.min(rng.nextInt(m.halfSlots), rng.nextInt(m.halfSlots));
        long price = side == Side.BUY ? m.center - (1 + d) * tick : m.center + (1 + d) * tick;
        long opposite = side == Side.BUY ? m.book.bestAsk() : m.book.bestBid();
        if (opposite != 0) {
            if (side == Side.BUY && price >= opposite) price = opposite - tick * (1 + rng.nextInt(4));
            if (side == Side.SELL && price <= opposite) price = opposite + tick * (1 + rng.nextInt(4));
        }
        return Math.max(tick, price);
    }

    /** A price through the opposite best by zero to three ticks: it trades. */
    private static long through(Market m, byte side, long opposite, SplitMix64 rng) {
        long tick = m.spec.tickSize();
        long k = rng.nextInt(4);
        return side == Side.BUY ? opposite + k * tick : Math.max(tick, opposite - k * tick);
    }

    /** A small passive reprice: one to eight ticks either way, kept inside the window and off the opposite best. */
    private static long nudge(Market m, ShadowBook.Order o, SplitMix64 rng) {
        long tick = m.spec.tickSize();
        long delta = (1 + rng.nextInt(8)) * tick;
        long price = rng.nextBoolean() ? o.price + delta : o.price - delta;
        long lo = m.center - (long) m.halfSlots * tick;
        long hi = m.center + (long) m.halfSlots * tick;
        if (price < lo) price = lo + tick * rng.nextInt(8);
        if (price > hi) price = hi - tick * rng.nextInt(8);
        long opposite = o.side == Side.BUY ? m.book.bestAsk() : m.book.bestBid();
        if (opposite != 0) {
            if (o.side == Side.BUY && price >= opposite) price = opposite - tick * (1 + rng.nextInt(4));
            if (o.side == Side.SELL && price <= opposite) price = opposite + tick * (1 + rng.nextInt(4));
        }
        return Math.max(tick, price);
    }

    private static boolean thin(Market m) {
        return m.book.liveCount() < m.targetOrders;
    }

    /** Smaller takers when the book is thin, larger when it is fat: keeps the population near its target. */
    private static long takerQuantity(Market m, SplitMix64 rng) {
        return thin(m) ? 1 + rng.nextInt(50) : 1 + rng.nextInt(1500);
    }

    private static long makerQuantity(SplitMix64 rng) {
        return 100 + rng.nextInt(1900);
    }

    /** Appends records to a growing on-heap buffer (generation time only). */
    static final class Writer {
        /** Every generated order belongs to account 0 (one trader's flow; ownership always holds). */
        static final int ACCOUNT = 0;
        long[] buffer;
        int count;

        Writer(int expected) {
            buffer = new long[Math.max(16, expected) * (CommandDescriptor.LENGTH / 8)];
        }

        MemorySegment segment() {
            return MemorySegment.ofArray(buffer);
        }

        private MemorySegment next() {
            int words = CommandDescriptor.LENGTH / 8;
            if ((count + 1) * words > buffer.length) buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
            count++;
            return MemorySegment.ofArray(buffer);
        }

        void newOrder(int symbol, long id, byte side, byte tif, long price, long qty) {
            MemorySegment s = next();
            CommandDescriptor.writeNewOrder(s, Workload.offset(count - 1), symbol, id, ACCOUNT, side, OrderType.LIMIT, tif, price, qty);
        }

        void cancel(int symbol, long id) {
            MemorySegment s = next();
            CommandDescriptor.writeCancel(s, Workload.offset(count - 1), symbol, id, ACCOUNT);
        }

        void modify(int symbol, long id, long price, long qty) {
            MemorySegment s = next();
            CommandDescriptor.writeModify(s, Workload.offset(count - 1), symbol, id, ACCOUNT, price, qty);
        }
    }
}
