package qsl.app;

import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import qsl.book.Side;
import qsl.gateway.feed.FeedClient;
import qsl.gateway.feed.FeedConfig;
import qsl.gateway.feed.FeedListener;
import qsl.gateway.feed.MboBook;
import qsl.gateway.feed.UdpFeedClient;
import qsl.protocol.itch.ItchFormat;

/**
 * {@code qsl feed}: joins a running node's market-data feed and shows one symbol live (top 10
 * levels a side, last trades, feed sequence, gaps recovered), refreshing in place; with
 * {@code --dump}, prints every decoded message one a line instead. See {@code docs/feed.md}.
 */
@Command(name = "feed", mixinStandardHelpOptions = true,
        description = "Live view of one symbol from a node's MoldUDP64 market-by-order feed (or --dump every message).")
final class FeedCommand implements Callable<Integer> {
    /** The node's default feed ports. */
    static final int DEFAULT_UDP_PORT = qsl.gateway.feed.FeedConfig.DEFAULT_PORT;
    static final int DEFAULT_SNAPSHOT_PORT = qsl.gateway.feed.FeedConfig.DEFAULT_SNAPSHOT_PORT;
    private static final int LEVELS = 10;
    private static final int TRADES = 10;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "The node's address (default 127.0.0.1).")
    String host;

    @Option(names = "--port", defaultValue = "" + DEFAULT_UDP_PORT, description = "Feed UDP port: stream and re-requests (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--snapshot-port", defaultValue = "" + DEFAULT_SNAPSHOT_PORT, description = "Snapshot TCP port (default ${DEFAULT-VALUE}).")
    int snapshotPort;

    @Option(names = "--multicast", paramLabel = "GROUP:PORT",
            description = "Take the stream from this multicast group (the node's feed.multicast); re-requests and snapshots still go to --host.")
    String multicast;

    @Option(names = "--interface", paramLabel = "NAME|ADDRESS",
            description = "Interface to join the multicast group on (default: the one holding --host when local, else the first multicast one).")
    String networkInterface;

    @Option(names = "--symbol", description = "Symbol name to show (default: the first in the directory).")
    String symbol;

    @Option(names = "--dump", description = "Print every decoded message, one a line, instead of the live view.")
    boolean dump;

    @Option(names = "--from-start", description = "With --dump: re-request from sequence 1 instead of joining with a snapshot.")
    boolean fromStart;

    @Option(names = "--seconds", defaultValue = "0", description = "Exit after this many seconds (0: run until interrupted).")
    long seconds;

    @Option(names = "--count", defaultValue = "0", description = "With --dump: exit after this many messages (0: no limit).")
    long count;

    @Option(names = "--max-symbols", defaultValue = "64", hidden = true)
    int maxSymbols;

    @Option(names = "--max-orders", defaultValue = "1048576", hidden = true)
    int maxOrders;

    /** The last trades, newest last (display only). */
    private final long[] tradePrice = new long[TRADES];
    private final long[] tradeQty = new long[TRADES];
    private final byte[] tradeSide = new byte[TRADES];
    private int trades;
    private int shown = -1;
    private long dumped;

    @Override
    public Integer call() throws Exception {
        InetAddress address = InetAddress.getByName(host);
        PrintStream out = System.out;
        FeedListener listener = new FeedListener() {
            @Override public void onMessage(long feedSequence, MemorySegment s, long at, int length) {
                if (dump) {
                    out.println(feedSequence + " " + ItchFormat.format(s, at, length));
                    dumped++;
                }
            }

            @Override public void onTrade(int sym, long price, long quantity, byte side, long matchId) {
                if (sym != shown) return;
                int i = trades++ % TRADES;
                tradePrice[i] = price;
                tradeQty[i] = quantity;
                tradeSide[i] = side;
            }
        };
        try (Arena arena = Arena.ofShared();
             UdpFeedClient udp = new UdpFeedClient(new InetSocketAddress(address, port), new InetSocketAddress(address, snapshotPort),
                     multicast == null ? null : FeedConfig.parseGroup(multicast), FeedConfig.parseInterface(networkInterface),
                     maxSymbols, maxOrders, 4096, !(dump && fromStart), listener, arena)) {
            long end = seconds > 0 ? System.nanoTime() + seconds * 1_000_000_000L : Long.MAX_VALUE;
            long nextDraw = 0;
            while (System.nanoTime() < end) {
                long now = System.nanoTime();
                if (udp.poll(now) == 0) Thread.sleep(0, 200_000);
                FeedClient c = udp.client();
                if (dump) {
                    if (count > 0 && dumped >= count) break;
                    continue;
                }
                if (shown < 0) shown = pick(c);
                if (now >= nextDraw) {
                    draw(out, c);
                    nextDraw = now + 200_000_000L;
                }
            }
            if (!dump) draw(out, udp.client());
            out.flush();
        }
        return 0;
    }

    private int pick(FeedClient c) {
        if (symbol != null) return c.names().find(symbol);
        for (int s = 0; s < maxSymbols; s++) if (c.names().known(s)) return s;
        return -1;
    }

    private void draw(PrintStream out, FeedClient c) {
        StringBuilder b = new StringBuilder(4096);
        b.append("\033[H\033[2J");
        String name = shown >= 0 ? c.names().name(shown) : (symbol == null ? "(waiting for the symbol directory)" : symbol + " (unknown)");
        b.append("qsl feed  ").append(host).append(':').append(port).append("  session ")
                .append(new String(c.session().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), java.nio.charset.StandardCharsets.US_ASCII))
                .append('\n');
        b.append("symbol ").append(name).append("   feed seq ").append(c.expected() - 1)
                .append(c.live() ? "   LIVE" : "   RECOVERING (book shown as of the last gap-free sequence)").append('\n');
        b.append("gaps detected ").append(c.gapsDetected()).append("  recovered ").append(c.gapsRecovered())
                .append("  re-requests ").append(c.requestsSent()).append("  snapshots ").append(c.snapshotsLoaded())
                .append("  duplicates ").append(c.duplicates()).append('\n').append('\n');
        if (shown >= 0) {
            MboBook book = c.book();
            b.append(String.format("%8s %12s %10s %12s %8s%n", "orders", "ask qty", "price", "bid qty", "orders"));
            int asks = Math.min(LEVELS, book.levels(shown, Side.SELL));
            for (int i = LEVELS - 1; i >= 0; i--) {
                if (i < asks) {
                    b.append(String.format("%8d %12d %10d%n", book.levelOrders(shown, Side.SELL, i),
                            book.levelQuantity(shown, Side.SELL, i), book.levelPrice(shown, Side.SELL, i)));
                } else {
                    b.append('\n');
                }
            }
            b.append("  ----------------------------------------------------\n");
            int bids = Math.min(LEVELS, book.levels(shown, Side.BUY));
            for (int i = 0; i < LEVELS; i++) {
                if (i < bids) {
                    b.append(String.format("%8s %12s %10d %12d %8d%n", "", "", book.levelPrice(shown, Side.BUY, i),
                            book.levelQuantity(shown, Side.BUY, i), book.levelOrders(shown, Side.BUY, i)));
                } else {
                    b.append('\n');
                }
            }
            b.append("\nlast trades (newest first):\n");
            for (int k = 0; k < Math.min(trades, TRADES); k++) {
                int i = (trades - 1 - k) % TRADES;
                b.append(String.format("  %s %d @ %d%n", tradeSide[i] == Side.BUY ? "buy " : "sell", tradeQty[i], tradePrice[i]));
            }
        }
        out.print(b);
        out.flush();
    }
}
