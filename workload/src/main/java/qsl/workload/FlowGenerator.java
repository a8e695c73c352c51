package qsl.workload;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import qsl.book.CommandDescriptor;
import qsl.book.Side;
import qsl.book.SymbolSpec;
import qsl.book.TimeInForce;

/**
 * The flows beyond exchange-core's benchmark shape: realistic flows on a geometric Brownian
 * mid-price path with regimes, and adversarial shapes that target the weak spots of a price
 * index (scattered books, far-apart clusters, one huge level, structured order ids, a fast
 * trend). Like {@link WorkloadGenerator}, every command is valid (an exact {@link ShadowBook}
 * model decides prices and picks live orders), the only randomness is a seeded
 * {@link SplitMix64} (Gaussians through {@code StrictMath}), and the same arguments give
 * byte-identical output. With {@code closeOut} the stream ends with one cancel per live order.
 *
 * <p>Realistic flows ({@link WorkloadShape#GBM_CALM} ... {@link WorkloadShape#GBM_CRASH}), per
 * message: about 51% new orders (15% of them IOC, 10% of the GTCs marketable), 41% cancels of a
 * random live order, 9% modifies (a reprice near the mid, same quantity); order ids are random
 * 20-bit numbers (never a live one); passive prices sit behind the mid by a half-spread plus an
 * exponential distance (mean 150 ticks, at most 1,000), so the book spans about 2,000 ticks
 * around the mid plus whatever stale orders the mid leaves behind. The live population follows a
 * slow wave between about 3,000 and 21,000 orders. When the mid runs through stale resting orders
 * a sweeper (an IOC up to three ticks short of the mid) takes them, so the book follows the mid;
 * in the swinging regimes these sweeps and the refills after them shift the mix towards new
 * orders (up to about 70% new orders and 21% cancels over a million messages).
 */
public final class FlowGenerator {
    /** The band width the adversarial shapes are scaled against (EngineConfig's default band). */
    public static final int REFERENCE_BAND = 4096;
    /** Ticks the scattered shape spreads each side over: 50 band widths a side, 100 in all. */
    public static final long SCATTER_HALF_RANGE = 50L * REFERENCE_BAND;
    /** Gateways in the structured-id shape: ids are {@code seq << 20 | gateway}. */
    public static final int GATEWAYS = 16;

    static final long MID = 1_000_000;

    private FlowGenerator() {}

    /** Generates a flow of one of the shapes this class makes (see {@link WorkloadShape}). */
    public static Workload generate(WorkloadShape shape, long seed, int mainCommands, boolean closeOut, Arena arena) {
        return switch (shape) {
            case GBM_CALM, GBM_SWING, GBM_VOLATILE, GBM_CRASH -> gbm(shape, seed, mainCommands, closeOut, arena);
            case SCATTERED -> scattered(seed, 10_000, mainCommands, closeOut, arena);
            case CLUSTERS -> clusters(shape, seed, 10_000, 0, mainCommands, closeOut, arena);
            case HUGE_LEVEL -> clusters(shape, seed, 2_000, 100_000, mainCommands, closeOut, arena);
            case STRUCTURED_IDS -> structured(seed, mainCommands, closeOut, arena);
            case TREND -> trend(seed, mainCommands, closeOut, arena);
            default -> throw new IllegalArgumentException("not a flow shape: " + shape);
        };
    }

    /** The one symbol every flow of this class trades. */
    static SymbolSpec symbol() {
        return SymbolSpec.open(0, MID);
    }

    /** Shared state of one flow being written. */
    private static final class Flow {
        final WorkloadShape shape;
        final long seed;
        final SplitMix64 rng;
        final SymbolSpec spec = symbol();
        final ShadowBook book = new ShadowBook();
        final WorkloadGenerator.Writer out;
        long nextSeq = 1;
        int prefill;
        int gtc;
        int ioc;
        int cancels;
        int moves;
        int trading;

        Flow(WorkloadShape shape, long seed, int expected) {
            this.shape = shape;
            this.seed = seed;
            this.rng = new SplitMix64(seed ^ 0xF10_5EEDL ^ ((long) shape.ordinal() << 40));
            this.out = new WorkloadGenerator.Writer(expected);
        }

        /** The next sequential id. */
        long sequentialId() {
            return nextSeq++;
        }

        /** A random 20-bit id that is not live (ids below 2^20, never 0). */
        long randomId() {
            while (true) {
                int id = 1 + rng.nextInt((1 << 20) - 1);
                if (!book.isLive(id)) return id;
            }
        }

        void limit(long id, byte side, byte tif, long price, long qty) {
            out.newOrder(spec.symbol(), id, side, tif, price, qty);
            trading += book.limit(id, side, price, qty, tif == TimeInForce.GTC) > 0 ? 1 : 0;
            if (tif == TimeInForce.GTC) gtc++;
            else ioc++;
        }

        void cancel(ShadowBook.Order o) {
            out.cancel(spec.symbol(), o.id);
            book.cancel(o);
            cancels++;
        }

        void move(ShadowBook.Order o, long price) {
            if (price == o.price) price += o.side == Side.BUY ? -1 : 1;
            out.modify(spec.symbol(), o.id, price, o.open);
            trading += book.move(o, price) > 0 ? 1 : 0;
            moves++;
        }

        ShadowBook.Order randomLive() {
            return book.live(rng.nextInt(book.liveCount()));
        }

        Workload finish(boolean closeOut, Arena arena) {
            int closing = 0;
            if (closeOut) {
                while (book.liveCount() > 0) {
                    ShadowBook.Order o = book.live(book.liveCount() - 1);
                    out.cancel(spec.symbol(), o.id);
                    book.cancel(o);
                    closing++;
                }
            }
            MemorySegment seg = arena.allocate(Math.max(1, (long) out.count * CommandDescriptor.LENGTH), 8);
            MemorySegment.copy(out.segment(), 0, seg, 0, (long) out.count * CommandDescriptor.LENGTH);
            return new Workload(shape, seed, seg, out.count, List.of(spec), prefill, closing, gtc, ioc, cancels, moves,
                    trading, book.liveCount());
        }
    }

    // ---------------------------------------------------------------- realistic (GBM) flows

    /**
     * The mid-price path: log-mid = log(start) + regime path + a Brownian part. Calm: Brownian
     * only (sigma 0.04% per 100 messages). Swing: a sine of amplitude ln(1.25) over the run
     * (+25%, back, -25%, back). Volatile: amplitude ln(1.40) over two periods. Crash: calm, then
     * at 40% of the run the mid falls 12% within 2,000 messages and recovers over 60,000.
     */
    static double regimeLogOffset(WorkloadShape shape, int n, int total) {
        double t = total <= 0 ? 0 : (double) n / total;
        return switch (shape) {
            case GBM_SWING -> StrictMath.log(1.25) * StrictMath.sin(2 * Math.PI * t);
            case GBM_VOLATILE -> StrictMath.log(1.40) * StrictMath.sin(4 * Math.PI * t);
            case GBM_CRASH -> {
                int start = (int) (total * 0.4);
                double drop = StrictMath.log(0.88);
                if (n < start) yield 0;
                if (n < start + 2_000) yield drop * (n - start) / 2_000.0;
                if (n < start + 62_000) yield drop * (1 - (n - start - 2_000) / 60_000.0);
                yield 0;
            }
            default -> 0;
        };
    }

    static Workload gbm(WorkloadShape shape, long seed, int mainCommands, boolean closeOut, Arena arena) {
        Flow f = new Flow(shape, seed, mainCommands + 30_000);
        double brownian = 0;
        double sigma = 2e-7; // per message: a fifth of a tick of the 1,000,000-tick mid
        long mid = MID;
        // Prefill: 3,000 passive orders around the start.
        for (int i = 0; i < 3_000; i++) {
            byte side = (i & 1) == 0 ? Side.BUY : Side.SELL;
            f.limit(f.randomId(), side, TimeInForce.GTC, passive(f, side, mid), maker(f.rng));
        }
        f.prefill = f.out.count;
        for (int n = 0; n < mainCommands; n++) {
            brownian += sigma * f.rng.nextGaussian();
            brownian = Math.max(-0.05, Math.min(0.05, brownian)); // the Brownian part stays within +-5%
            mid = Math.max(10_000, (long) (MID * StrictMath.exp(brownian + regimeLogOffset(shape, n, mainCommands))));
            ShadowBook book = f.book;
            // Sweep stale orders the mid has run through: the book follows the market.
            long bestAsk = book.bestAsk();
            long bestBid = book.bestBid();
            if (bestAsk != 0 && bestAsk < mid - 3 && f.rng.nextInt(8) == 0) {
                f.limit(f.randomId(), Side.BUY, TimeInForce.IOC, mid - 3, 1_000_000); // takes every stale ask
                continue;
            }
            if (bestBid != 0 && bestBid > mid + 3 && f.rng.nextInt(8) == 0) {
                f.limit(f.randomId(), Side.SELL, TimeInForce.IOC, mid + 3, 1_000_000);
                continue;
            }
            double wave = 0.5 - 0.5 * StrictMath.cos(2 * Math.PI * 3 * n / (double) Math.max(1, mainCommands));
            int target = 3_000 + (int) (18_000 * wave);
            int roll = f.rng.nextInt(1000);
            int live = book.liveCount();
            boolean newOrder = roll < 508;
            boolean cancel = roll >= 508 && roll < 914;
            if (live > target && newOrder && f.rng.nextInt(4) == 0) { newOrder = false; cancel = true; }
            if (live < target && cancel && f.rng.nextBoolean()) { newOrder = true; cancel = false; }
            if (live == 0) { newOrder = true; cancel = false; }
            if (newOrder) {
                byte side = f.rng.nextBoolean() ? Side.BUY : Side.SELL;
                long opposite = side == Side.BUY ? book.bestAsk() : book.bestBid();
                int kind = f.rng.nextInt(100);
                if (kind < 15 && opposite != 0) {
                    f.limit(f.randomId(), side, TimeInForce.IOC, through(side, opposite, f.rng), 1 + f.rng.nextInt(300));
                } else if (kind < 24 && opposite != 0) {
                    f.limit(f.randomId(), side, TimeInForce.GTC, through(side, opposite, f.rng), 1 + f.rng.nextInt(300));
                } else {
                    f.limit(f.randomId(), side, TimeInForce.GTC, passive(f, side, mid), maker(f.rng));
                }
            } else if (cancel) {
                f.cancel(f.randomLive());
            } else {
                ShadowBook.Order o = f.randomLive();
                f.move(o, passive(f, o.side, mid));
            }
        }
        return f.finish(closeOut, arena);
    }

    /** Behind the mid by a half-spread (1-3 ticks) plus an exponential distance (mean 150, at most 1,000), never crossing. */
    private static long passive(Flow f, byte side, long mid) {
        long d = 1 + f.rng.nextInt(3) + Math.min(1_000, (long) (-150 * StrictMath.log(1.0 - f.rng.nextDouble())));
        return clampPassive(f, side, side == Side.BUY ? mid - d : mid + d);
    }

    private static long clampPassive(Flow f, byte side, long price) {
        long opposite = side == Side.BUY ? f.book.bestAsk() : f.book.bestBid();
        if (opposite != 0) {
            if (side == Side.BUY && price >= opposite) price = opposite - 1 - f.rng.nextInt(4);
            if (side == Side.SELL && price <= opposite) price = opposite + 1 + f.rng.nextInt(4);
        }
        return Math.max(1, price);
    }

    private static long through(byte side, long opposite, SplitMix64 rng) {
        long k = rng.nextInt(4);
        return side == Side.BUY ? opposite + k : Math.max(1, opposite - k);
    }

    private static long maker(SplitMix64 rng) {
        return 100 + rng.nextInt(1_900);
    }

    private static long taker(SplitMix64 rng) {
        return 1 + rng.nextInt(1_500);
    }

    // ---------------------------------------------------------------- adversarial shapes

    /**
     * {@code resting} passive orders spread uniformly over {@link #SCATTER_HALF_RANGE} ticks on
     * each side of the mid (100 reference band widths in all), then: 45% new passive orders
     * anywhere in the range, 45% cancels of a random live order, 5% IOCs that take the best
     * level, 5% reprices to anywhere on the order's side. The population stays near
     * {@code resting}.
     */
    public static Workload scattered(long seed, int resting, int mainCommands, boolean closeOut, Arena arena) {
        if (resting < 1) throw new IllegalArgumentException("resting < 1: " + resting);
        Flow f = new Flow(WorkloadShape.SCATTERED, seed ^ resting, mainCommands + 2 * resting + 16);
        for (int i = 0; i < resting; i++) {
            byte side = (i & 1) == 0 ? Side.BUY : Side.SELL;
            f.limit(f.sequentialId(), side, TimeInForce.GTC, scatteredPrice(f, side), maker(f.rng));
        }
        f.prefill = f.out.count;
        for (int n = 0; n < mainCommands; n++) {
            int roll = f.rng.nextInt(100);
            int live = f.book.liveCount();
            if (live == 0 || (roll < 45 && live <= resting) || (roll < 90 && live < resting * 0.9)) {
                byte side = f.rng.nextBoolean() ? Side.BUY : Side.SELL;
                f.limit(f.sequentialId(), side, TimeInForce.GTC, scatteredPrice(f, side), maker(f.rng));
            } else if (roll < 90) {
                f.cancel(f.randomLive());
            } else if (roll < 95) {
                byte side = f.rng.nextBoolean() ? Side.BUY : Side.SELL;
                long opposite = side == Side.BUY ? f.book.bestAsk() : f.book.bestBid();
                if (opposite == 0) {
                    f.limit(f.sequentialId(), side, TimeInForce.GTC, scatteredPrice(f, side), maker(f.rng));
                } else {
                    f.limit(f.sequentialId(), side, TimeInForce.IOC, opposite, taker(f.rng));
                }
            } else {
                ShadowBook.Order o = f.randomLive();
                f.move(o, scatteredPrice(f, o.side));
            }
        }
        return f.finish(closeOut, arena);
    }

    private static long scatteredPrice(Flow f, byte side) {
        long d = 1 + (f.rng.nextLong() >>> 1) % SCATTER_HALF_RANGE;
        return clampPassive(f, side, side == Side.BUY ? MID - d : MID + d);
    }

    /** {@link WorkloadShape#HUGE_LEVEL} with a level of {@code levelOrders} orders (100,000 in the shape). */
    public static Workload hugeLevel(long seed, int levelOrders, int mainCommands, boolean closeOut, Arena arena) {
        return clusters(WorkloadShape.HUGE_LEVEL, seed, 2_000, levelOrders, mainCommands, closeOut, arena);
    }

    /** Distance of the far cluster from the near one, in ticks (about 50 reference bands). */
    static final long CLUSTER_GAP = 200_000;

    /**
     * Two active clusters per side, {@link #CLUSTER_GAP} ticks apart: bids near the mid and far
     * below it, asks near the mid and far above it, each cluster 500 ticks wide. Commands alternate
     * between the near and the far cluster: a new passive order, a cancel of a live order of that
     * cluster, or (near only, 5%) an IOC that takes the best. With {@code hugeLevel > 0} the near bid
     * cluster also holds one level of that many orders (1,000 ticks below the mid), which the flow
     * keeps churning (cancels from inside it, new orders at its back).
     */
    static Workload clusters(WorkloadShape shape, long seed, int resting, int hugeLevel, int mainCommands, boolean closeOut,
                             Arena arena) {
        Flow f = new Flow(shape, seed, mainCommands + 2 * (resting + hugeLevel) + 16);
        long hugePrice = MID - 1_000;
        for (int i = 0; i < hugeLevel; i++) f.limit(f.sequentialId(), Side.BUY, TimeInForce.GTC, hugePrice, maker(f.rng));
        for (int i = 0; i < resting; i++) {
            byte side = (i & 1) == 0 ? Side.BUY : Side.SELL;
            boolean far = (i & 2) != 0;
            f.limit(f.sequentialId(), side, TimeInForce.GTC, clusterPrice(f, side, far), maker(f.rng));
        }
        f.prefill = f.out.count;
        int population = resting + hugeLevel;
        for (int n = 0; n < mainCommands; n++) {
            boolean far = (n & 1) != 0;
            int roll = f.rng.nextInt(100);
            int live = f.book.liveCount();
            if (hugeLevel > 0 && !far && roll < 20) {
                // Churn the huge level: a cancel from inside it, or a new order at its back.
                ShadowBook.Order o = pickAt(f, Side.BUY, hugePrice);
                if (o != null && (live >= population || f.rng.nextBoolean())) f.cancel(o);
                else f.limit(f.sequentialId(), Side.BUY, TimeInForce.GTC, hugePrice, maker(f.rng));
                continue;
            }
            if (!far && roll >= 95) {
                byte side = f.rng.nextBoolean() ? Side.BUY : Side.SELL;
                long opposite = side == Side.BUY ? f.book.bestAsk() : f.book.bestBid();
                if (opposite != 0) {
                    f.limit(f.sequentialId(), side, TimeInForce.IOC, opposite, taker(f.rng));
                    continue;
                }
            }
            ShadowBook.Order victim = live >= population * 0.9 && roll < 60 ? pickCluster(f, far, hugePrice) : null;
            if (victim != null && (live >= population || roll < 50)) {
                f.cancel(victim);
            } else {
                byte side = f.rng.nextBoolean() ? Side.BUY : Side.SELL;
                f.limit(f.sequentialId(), side, TimeInForce.GTC, clusterPrice(f, side, far), maker(f.rng));
            }
        }
        return f.finish(closeOut, arena);
    }

    private static long clusterPrice(Flow f, byte side, boolean far) {
        long d = 1 + f.rng.nextInt(500) + (far ? CLUSTER_GAP : 0);
        return clampPassive(f, side, side == Side.BUY ? MID - d : MID + d);
    }

    /** A random live order of the near or far cluster (not of the huge level), or null after a few tries. */
    private static ShadowBook.Order pickCluster(Flow f, boolean far, long hugePrice) {
        for (int tries = 0; tries < 16; tries++) {
            ShadowBook.Order o = f.randomLive();
            if (o.price == hugePrice && o.side == Side.BUY) continue;
            boolean isFar = Math.abs(o.price - MID) > CLUSTER_GAP / 2;
            if (isFar == far) return o;
        }
        return null;
    }

    /** A random live order at exactly ({@code side}, {@code price}), or null after a few tries. */
    private static ShadowBook.Order pickAt(Flow f, byte side, long price) {
        if (f.book.levelSize(side, price) == 0) return null;
        for (int tries = 0; tries < 64; tries++) {
            ShadowBook.Order o = f.randomLive();
            if (o.side == side && o.price == price) return o;
        }
        return null;
    }

    /**
     * exchange-core's shape (one symbol, about 1,000 orders over 750 ticks, 9% GTC, 3% IOC, 6%
     * cancel, 82% move) with ids of the form {@code seq << 20 | gateway}, as a gateway that tags
     * its ids makes them: {@code gateway} cycles over {@link #GATEWAYS} values.
     */
    static Workload structured(long seed, int mainCommands, boolean closeOut, Arena arena) {
        Workload base = WorkloadGenerator.generate(WorkloadShape.EXCHANGE_CORE, seed, mainCommands, closeOut, arena);
        MemorySegment seg = base.commands();
        for (int i = 0; i < base.count(); i++) {
            long at = Workload.offset(i) + CommandDescriptor.ORDER_ID_OFFSET;
            long id = seg.get(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, at);
            seg.set(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, at, structuredId(id));
        }
        return new Workload(WorkloadShape.STRUCTURED_IDS, seed, seg, base.count(), base.symbols(), base.prefill(),
                base.closing(), base.gtc(), base.ioc(), base.cancels(), base.moves(), base.tradingCommands(), base.liveAtEnd());
    }

    /** The structured form of sequential id {@code seq}: {@code seq << 20 | (seq mod GATEWAYS)}. */
    public static long structuredId(long seq) {
        return seq << 20 | (seq % GATEWAYS);
    }

    /**
     * A fast trend: the mid rises one tick every four commands (a quarter of a million ticks over a
     * million commands, about 60 reference bands), passive orders within 200 ticks of it, 40%
     * cancels of random live orders, and buyers that sweep every ask the mid has passed.
     */
    static Workload trend(long seed, int mainCommands, boolean closeOut, Arena arena) {
        Flow f = new Flow(WorkloadShape.TREND, seed, mainCommands + 8_000);
        long mid = MID;
        for (int i = 0; i < 2_000; i++) {
            byte side = (i & 1) == 0 ? Side.BUY : Side.SELL;
            f.limit(f.sequentialId(), side, TimeInForce.GTC, clampPassive(f, side, side == Side.BUY ? mid - 1 - f.rng.nextInt(200)
                    : mid + 1 + f.rng.nextInt(200)), maker(f.rng));
        }
        f.prefill = f.out.count;
        for (int n = 0; n < mainCommands; n++) {
            mid = MID + n / 4;
            long bestAsk = f.book.bestAsk();
            if (bestAsk != 0 && bestAsk < mid) {
                f.limit(f.sequentialId(), Side.BUY, TimeInForce.IOC, mid, 5_000);
                continue;
            }
            int roll = f.rng.nextInt(100);
            int live = f.book.liveCount();
            if (live > 0 && (roll < 40 || live > 3_000)) {
                f.cancel(f.randomLive());
            } else if (roll < 45) {
                long opposite = f.book.bestBid();
                if (opposite != 0) f.limit(f.sequentialId(), Side.SELL, TimeInForce.IOC, opposite, taker(f.rng));
                else f.limit(f.sequentialId(), Side.BUY, TimeInForce.GTC, mid - 1, maker(f.rng));
            } else {
                byte side = f.rng.nextBoolean() ? Side.BUY : Side.SELL;
                long d = 1 + f.rng.nextInt(200);
                f.limit(f.sequentialId(), side, TimeInForce.GTC, clampPassive(f, side, side == Side.BUY ? mid - d : mid + d),
                        maker(f.rng));
            }
        }
        return f.finish(closeOut, arena);
    }
}
