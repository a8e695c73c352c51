package qsl.app.profile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import qsl.gateway.Accounts;
import qsl.gateway.Node;
import qsl.gateway.NodeConfig;
import qsl.gateway.client.OrderEntryClient;
import qsl.gateway.client.OrderEntryListener;
import qsl.protocol.entry.Symbols;
import qsl.perf.profile.ProfiledWorkload;
import qsl.wal.DurabilityMode;

/**
 * The exchange node, all of it: a {@link Node} in this JVM (gateway, engine and journal threads,
 * unpinned, journal in a temporary directory, durability from {@code --wal-mode}) and
 * {@value #SESSIONS} SoupBinTCP sessions on 127.0.0.1 driven by the calling thread. A batch: each
 * session enters {@value #ORDERS} limit orders at one price (even sessions buy, odd ones sell, so
 * about half of them trade), then cancels them; the batch ends when every request has its reply
 * (Accepted, Canceled or Cancel Reject). Profiles see the gateway's socket path, the engine, the
 * journal with its fdatasync, and the client's side of the loopback.
 */
final class NodeWorkload implements ProfiledWorkload {
    static final int SESSIONS = 4;
    static final int ORDERS = 8;

    private final Path dir;
    private final Node node;
    private final OrderEntryClient[] clients = new OrderEntryClient[SESSIONS];
    private final DurabilityMode mode;
    private final long symbol = Symbols.key("AAPL");
    private long replies;
    private long token;

    NodeWorkload(WorkloadOptions options) throws IOException {
        this.mode = DurabilityMode.parse(options.walMode());
        this.dir = Files.createTempDirectory("qsl-profile-node");
        List<String> users = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) users.add("p" + i + " " + (i + 1) + " pw");
        Path config = dir.resolve("node.properties");
        Files.write(config, List.of("data.dir=" + dir.resolve("data"), "port=0", "durability=" + mode.label(), "pin=false",
                "store.bytes=" + (1L << 30)));
        node = new Node.Builder(NodeConfig.read(config, dir.resolve("data"))).accounts(Accounts.parse(users, "profile"))
                .log(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())).start();
        OrderEntryListener counter = new OrderEntryListener() {
            @Override
            public void onAccepted(long seq, long t, long orderId, long s, byte side, byte type, byte tif, long price, long qty) {
                replies++;
            }

            @Override
            public void onRejected(long seq, long t, byte reason) {
                replies++;
            }

            @Override
            public void onCanceled(long seq, long t, long orderId, long canceledQuantity, byte reason) {
                replies++;
            }

            @Override
            public void onCancelReject(long seq, long t, byte reason) {
                replies++;
            }
        };
        for (int i = 0; i < SESSIONS; i++) {
            clients[i] = new OrderEntryClient(counter, 64 * 1024, 1000);
            clients[i].autoFlush(false);
            clients[i].connect(node.address());
            if (!clients[i].login("p" + i, "pw", "", 0, 10_000)) throw new IOException("login of p" + i + " refused");
        }
    }

    @Override
    public String name() {
        return "node";
    }

    @Override
    public String description() {
        return "the exchange node in this JVM (gateway, engine, journal threads; durability " + mode.label() + "), "
                + SESSIONS + " SoupBinTCP sessions on 127.0.0.1, per batch " + ORDERS + " orders + " + ORDERS
                + " cancels per session, waiting for every reply";
    }

    @Override
    public long runBatch() {
        try {
            long first = token + 1;
            long expect = replies + 2L * SESSIONS * ORDERS;
            for (int k = 0; k < ORDERS; k++) {
                for (int i = 0; i < SESSIONS; i++) {
                    token++;
                    clients[i].enterOrder(token, symbol, (i & 1) == 0 ? (byte) 'B' : (byte) 'S', (byte) 'L', (byte) 'G', 10_000, 10);
                }
            }
            for (OrderEntryClient c : clients) c.flush();
            for (long t = first; t <= token; t++) clients[(int) ((t - 1) % SESSIONS)].cancelOrder(t);
            for (OrderEntryClient c : clients) c.flush();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (replies < expect) {
                for (OrderEntryClient c : clients) {
                    if (c.poll() < 0) throw new IOException("node closed a session");
                }
                if (System.nanoTime() > deadline) throw new IOException("no replies within 30 s");
            }
            return 2L * SESSIONS * ORDERS;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<String> hotFramePrefixes() {
        return List.of("qsl.gateway.", "qsl.book.", "qsl.wal.", "qsl.ringbuffer.", "qsl.protocol.");
    }

    @Override
    public void close() throws IOException {
        for (OrderEntryClient c : clients) {
            if (c != null) {
                try {
                    c.logout();
                } catch (IOException ignored) {
                    // closing anyway
                }
                c.close();
            }
        }
        node.close();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
