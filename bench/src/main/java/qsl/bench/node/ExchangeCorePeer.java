package qsl.bench.node;

import exchange.core2.core.ExchangeApi;
import exchange.core2.core.ExchangeCore;
import exchange.core2.core.common.OrderAction;
import exchange.core2.core.common.OrderType;
import exchange.core2.core.common.SymbolType;
import exchange.core2.core.common.CoreSymbolSpecification;
import exchange.core2.core.common.api.ApiAddUser;
import exchange.core2.core.common.api.ApiAdjustUserBalance;
import exchange.core2.core.common.api.ApiCancelOrder;
import exchange.core2.core.common.api.ApiCommand;
import exchange.core2.core.common.api.ApiMoveOrder;
import exchange.core2.core.common.api.ApiPlaceOrder;
import exchange.core2.core.common.api.binary.BatchAddSymbolsCommand;
import exchange.core2.core.common.cmd.CommandResultCode;
import exchange.core2.core.common.cmd.OrderCommand;
import exchange.core2.core.common.cmd.OrderCommandType;
import exchange.core2.core.common.config.ExchangeConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The peer: exchange-core 0.5.3's full {@link ExchangeCore} as it ships
 * ({@code ExchangeConfiguration.defaultBuilder()}: its Disruptor pipeline with the grouping
 * processor, one risk engine (pre-hold and release), one matching engine, the results handler;
 * blocking wait strategy; no journaling, no snapshots), in this process, driven through its
 * {@link ExchangeApi} with the same {@link OrderMix} at the same fixed offered rates (open loop:
 * each command's {@code timestamp} is its scheduled send time). The round trip ends when the
 * results consumer (the last stage of its pipeline) sees the command. No network anywhere.
 * A replace is its {@code ApiMoveOrder} (price only; exchange-core has no quantity-changing
 * replace), keeping the order id. Users are created with large balances in both currencies of
 * each pair so its risk engine accepts the mix.
 */
final class ExchangeCorePeer implements AutoCloseable {
    static final int QUOTE = 1;
    static final int BASE0 = 10;

    private final ExchangeCore core;
    private final ExchangeApi api;
    private final int sessions;
    private final Histogram rtt = new Histogram(60_000_000_000L, 3);
    private volatile long recordFrom = Long.MAX_VALUE;
    private volatile long completed;
    private long completedPlain;
    private long rejectsPlain;
    volatile long rejects;

    ExchangeCorePeer(int sessions) throws Exception {
        this.sessions = sessions;
        this.core = ExchangeCore.builder()
                .resultsConsumer(this::onResult)
                .exchangeConfiguration(ExchangeConfiguration.defaultBuilder().build())
                .build();
        core.startup();
        api = core.getApi();
        List<CoreSymbolSpecification> specs = new ArrayList<>();
        for (int s = 0; s < OrderMix.SYMBOLS.length; s++) {
            specs.add(CoreSymbolSpecification.builder().symbolId(s).type(SymbolType.CURRENCY_EXCHANGE_PAIR)
                    .baseCurrency(BASE0 + s).quoteCurrency(QUOTE).baseScaleK(1).quoteScaleK(1).takerFee(0).makerFee(0).build());
        }
        api.submitBinaryDataAsync(new BatchAddSymbolsCommand(specs)).get(30, TimeUnit.SECONDS);
        long tx = 1;
        for (int u = 1; u <= sessions; u++) {
            check(api.submitCommandAsync(ApiAddUser.builder().uid(u).build()).get(30, TimeUnit.SECONDS));
            check(api.submitCommandAsync(ApiAdjustUserBalance.builder().uid(u).currency(QUOTE).amount(1L << 50)
                    .transactionId(tx++).build()).get(30, TimeUnit.SECONDS));
            for (int s = 0; s < OrderMix.SYMBOLS.length; s++) {
                check(api.submitCommandAsync(ApiAdjustUserBalance.builder().uid(u).currency(BASE0 + s).amount(1L << 50)
                        .transactionId(tx++).build()).get(30, TimeUnit.SECONDS));
            }
        }
    }

    private static void check(CommandResultCode c) {
        if (c != CommandResultCode.SUCCESS) throw new IllegalStateException("exchange-core setup failed: " + c);
    }

    /** The results consumer: the last stage of exchange-core's pipeline, on its own thread. */
    private void onResult(OrderCommand cmd, long seq) {
        OrderCommandType t = cmd.command;
        if (t != OrderCommandType.PLACE_ORDER && t != OrderCommandType.CANCEL_ORDER && t != OrderCommandType.MOVE_ORDER) return;
        long at = cmd.timestamp;
        if (at >= recordFrom) rtt.recordValue(Math.max(1, System.nanoTime() - at));
        if (cmd.resultCode != CommandResultCode.SUCCESS) rejects = ++rejectsPlain;
        completed = ++completedPlain; // single writer: the results thread
    }

    /** One fixed-rate run; returns the measured round trips (a copy), rate as achieved in {@code achieved[0]}. */
    Histogram run(double rate, long warmupNanos, long measureNanos, long drainNanos, long seed, double[] achieved)
            throws InterruptedException {
        OrderMix mix = new OrderMix(sessions, seed, true);
        double interval = 1e9 / rate;
        long total = (long) ((warmupNanos + measureNanos) / interval);
        long settle = System.nanoTime() + 5_000_000_000L;
        long seen = -1;
        while (completed != seen && System.nanoTime() < settle) { // let an earlier run's tail finish
            seen = completed;
            Thread.sleep(20);
        }
        long base = completed;
        long start = System.nanoTime() + 1_000_000;
        synchronized (rtt) {
            rtt.reset();
        }
        recordFrom = start + warmupNanos;
        long i = 0;
        long end = start + warmupNanos + measureNanos;
        while (i < total) {
            long now = System.nanoTime();
            long at = start + (long) (i * interval);
            if (at > now) {
                // Sleep until the next send is due, as the node's generator does: a spinning or
                // yielding generator takes scheduler time slices from the pipeline threads it measures.
                LockSupport.parkNanos(at - now);
                continue;
            }
            int session = (int) (i % sessions);
            mix.next(session);
            long uid = session + 1;
            ApiCommand c = switch (mix.kind) {
                case OrderMix.NEW -> ApiPlaceOrder.builder().uid(uid).orderId(mix.token).price(mix.price)
                        .reservePrice(mix.buy ? mix.price + 100 : mix.price).size(mix.quantity)
                        .action(mix.buy ? OrderAction.BID : OrderAction.ASK)
                        .orderType(mix.ioc ? OrderType.IOC : OrderType.GTC).symbol(mix.symbol).build();
                case OrderMix.CANCEL -> ApiCancelOrder.builder().uid(uid).orderId(mix.token).symbol(mix.symbol).build();
                default -> ApiMoveOrder.builder().uid(uid).orderId(mix.token).newPrice(mix.price).symbol(mix.symbol).build();
            };
            c.timestamp = at;
            api.submitCommand(c);
            i++;
        }
        long deadline = System.nanoTime() + drainNanos;
        while (completed - base < total && System.nanoTime() < deadline) Thread.sleep(1);
        long done = completed - base;
        recordFrom = Long.MAX_VALUE;
        Thread.sleep(5);
        achieved[0] = total * 1e9 / (end - start);
        achieved[1] = Math.max(0, total - done); // unanswered within the drain
        synchronized (rtt) {
            return rtt.copy();
        }
    }

    @Override
    public void close() {
        core.shutdown(10, TimeUnit.SECONDS);
    }
}
