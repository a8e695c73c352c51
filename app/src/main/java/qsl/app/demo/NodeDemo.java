package qsl.app.demo;

import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.SocketException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import qsl.gateway.Accounts;
import qsl.gateway.JournalReplay;
import qsl.gateway.NodeConfig;
import qsl.gateway.NodeProcess;
import qsl.gateway.entry.EntryClient;
import qsl.gateway.entry.Wire;
import qsl.wal.DurabilityMode;

/** The body of {@code qsl demo} (see {@code DemoCommand}). */
public final class NodeDemo {
    private final Path dir;
    private final int clients;
    private final int scripted;
    private final long loadMillis;
    private final String durability;
    private final long seed;
    private final PrintStream out;

    public NodeDemo(Path dir, int clients, int scripted, long loadMillis, String durability, long seed, PrintStream out) {
        this.dir = dir;
        this.clients = clients;
        this.scripted = scripted;
        this.loadMillis = loadMillis;
        this.durability = durability;
        this.seed = seed;
        this.out = out;
    }

    public boolean run() throws Exception {
        DurabilityMode mode = DurabilityMode.parse(durability);
        if (mode == null) throw new IllegalArgumentException("durability must be none, batch or sync");
        List<String> users = new ArrayList<>(List.of("s1 11 s1pass", "s2 12 s2pass"));
        for (int i = 1; i <= clients; i++) users.add("c" + i + " " + i + " c" + i + "pass");
        Path accountsFile = dir.resolve("accounts.txt");
        Files.write(accountsFile, users);
        Accounts accounts = Accounts.read(accountsFile);
        NodeConfig cfg = NodeConfig.defaults(dir.resolve("data")).withPort(0).withDurability(mode).withPin(false)
                .withAccountsFile(accountsFile).withTimeouts(1000, 30_000, 256L << 20).withSizes(512L << 20, 1 << 20, 1 << 20, 1 << 18).withSegmentBytes(8L << 20);
        Path config = dir.resolve("node.properties");
        cfg.write(config);
        // The market-data feed on free ports (docs/feed.md): a client below joins it and loses a burst on purpose.
        Files.writeString(config, "\nfeed.port=0\nfeed.snapshot.port=0\n", java.nio.file.StandardOpenOption.APPEND);
        long feedBook = 0;
        List<String> jvm = List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch");
        boolean ok = true;
        boolean feedOk = true; // the market-data checks (the demo fails if one fails)

        out.println("qsl demo: the exchange node in a child JVM on 127.0.0.1, " + clients + " load clients + 2 scripted traders over SoupBinTCP, "
                + mode.label() + " durability");
        out.println();
        out.println("== start");
        List<LoadClient> load = new ArrayList<>();
        ScriptedFlow flow;
        long loadNanos;
        try (NodeProcess node = NodeProcess.start(config, jvm, 120)) {
            InetSocketAddress[] feedAt = null;
            for (long until = System.currentTimeMillis() + 5_000; feedAt == null && System.currentTimeMillis() < until; Thread.sleep(10)) {
                feedAt = FeedWatch.addresses(node.output());
            }
            for (String line : node.output()) if (line.startsWith("qsl node:")) out.println("  " + line);
            // The burst lost on purpose: data packets (stream or retransmission) numbered dropFrom+1..dropTo, early in the
            // flow so that it falls inside the stream however many messages the feed packs into a packet.
            long dropFrom = scripted / 40;
            long dropTo = dropFrom + Math.max(1, scripted / 4);
            FeedWatch feed = feedAt == null ? null : new FeedWatch(feedAt[0], feedAt[1], dropFrom, dropTo);
            if (feed != null && !feed.awaitJoined(10_000)) {
                out.println("  market data:    the feed client could not join");
                feedOk = false;
            }

            out.println();
            out.println("== scripted flow: " + scripted + " commands, two traders taking turns (each waits for its answer)");
            EntryClient s1 = new EntryClient(node.address());
            EntryClient s2 = new EntryClient(node.address());
            if (!s1.login("s1", "s1pass", "", 1).accepted() || !s2.login("s2", "s2pass", "", 1).accepted())
                throw new IOException("scripted traders could not log in");
            flow = new ScriptedFlow(new EntryClient[] {s1, s2}, seed);
            flow.run(scripted);
            s1.logout();
            s2.logout();
            s1.close();
            s2.close();
            if (feed != null) {
                boolean caughtUp = feed.settle(60_000);
                var fc = feed.client();
                feedBook = feed.fingerprint(cfg.symbols().size());
                out.printf(Locale.ROOT, "  market data:    feed client joined by snapshot, dropped %d data packets on purpose (numbers %d..%d), "
                        + "recovered %d gap(s) with %d re-request(s) and %d snapshot(s); %s at feed sequence %d of %d with %d resting orders%n",
                        feed.dropped(), dropFrom + 1, dropTo, fc.gapsRecovered(), fc.requestsSent(), fc.snapshotsLoaded(),
                        caughtUp ? "live" : (fc.live() ? "SHORT OF THE TAIL" : "NOT LIVE"), fc.expected() - 1, feed.tail(),
                        fc.book().orderCount());
                if (!caughtUp || feed.dropped() == 0) feedOk = false;
                feed.close();
            } else {
                out.println("  market data:    no feed address in the node's output");
                feedOk = false;
            }
            out.printf(Locale.ROOT, "  answered:       %d commands, %d fills, %d rejects (on purpose)%n", scripted, flow.fills, flow.rejects);
            out.println("  round trip:     " + percentiles(flow.rtt) + " (send -> answer, one command in flight, "
                    + mode.label() + " durability: the answer waits for the log)");

            out.println();
            out.printf(Locale.ROOT, "== load: %d clients, up to 64 orders in flight each, SIGKILL of the node after %d ms%n", clients, loadMillis);
            for (int i = 1; i <= clients; i++) load.add(new LoadClient("c" + i, "c" + i + "pass", node.address(), 64, seed * 31 + i));
            long t0 = System.nanoTime();
            for (LoadClient c : load) c.start();
            Thread.sleep(loadMillis);
            long acksAtKill = 0;
            for (LoadClient c : load) acksAtKill += c.acked.get();
            loadNanos = System.nanoTime() - t0;
            node.kill();
            out.printf(Locale.ROOT, "  SIGKILL:        node pid %d killed under load%n", node.pid());
            for (LoadClient c : load) c.stop = true;
            long deadline = System.currentTimeMillis() + 10_000;
            for (LoadClient c : load) while (!c.dead && System.currentTimeMillis() < deadline) Thread.sleep(10);
            Histogram all = new Histogram(3_600_000_000_000L, 3);
            long acked = 0;
            long sent = 0;
            for (LoadClient c : load) {
                synchronized (c.rtt) {
                    all.add(c.rtt);
                }
                acked += c.acked.get();
                sent += c.sent;
            }
            out.printf(Locale.ROOT, "  throughput:     %d orders acknowledged in %.2f s = %.0f orders/s (%d sent; the rest died with the node)%n",
                    acked, loadNanos / 1e9, acksAtKill / (loadNanos / 1e9), sent);
            out.println("  round trip:     " + percentiles(all) + " (send -> Accepted/Rejected, under load)");
        }

        out.println();
        out.println("== restart on the same directory");
        try (NodeProcess node = NodeProcess.start(config, jvm, 120)) {
            for (String line : node.output()) if (line.startsWith("qsl node: recovered") || line.startsWith("qsl node: engine")) out.println("  " + line);
            long before = 0;
            long unseenTotal = 0;
            long resting = 0;
            long cancelled = 0;
            for (LoadClient c : load) {
                List<byte[]> got = c.receivedCopy();
                before += got.size();
                List<byte[]> unseen = new ArrayList<>();
                try (EntryClient e = new EntryClient(node.address())) {
                    EntryClient.Login l = e.login(c.user, c.password, "", got.size() + 1);
                    if (!l.accepted() || l.nextSequence() != got.size() + 1) {
                        out.println("  " + c.user + ": login after restart gave " + l + ": ACKNOWLEDGEMENTS LOST");
                        ok = false;
                        continue;
                    }
                    EntryClient.Packet p;
                    while ((p = e.next(1000)) != null) unseen.add(p.wire());
                    e.logout();
                }
                unseenTotal += unseen.size();
                try (EntryClient e = new EntryClient(node.address())) {
                    if (!e.login(c.user, c.password, "", 1).accepted()) throw new IOException("re-login of " + c.user + " refused");
                    for (int i = 0; i < got.size(); i++) {
                        EntryClient.Packet p = e.next(10_000);
                        if (p == null || !Arrays.equals(got.get(i), p.wire())) {
                            out.println("  " + c.user + ": message " + (i + 1) + (p == null ? " MISSING" : " CHANGED") + " after restart");
                            ok = false;
                            break;
                        }
                    }
                    for (int i = 0; i < unseen.size(); i++) e.next(10_000);
                    // Resting orders survived: cancel some with their original tokens.
                    List<Long> live = restingTokens(got, unseen);
                    resting += live.size();
                    int n = Math.min(10, live.size());
                    for (int i = 0; i < n; i++) e.cancel(live.get(i));
                    for (int i = 0; i < n; i++) {
                        EntryClient.Packet p = e.next(10_000);
                        if (p != null && p.messageType() == Wire.CANCELED && p.longAt(Wire.CAN_TOKEN) == live.get(i)) {
                            cancelled++;
                        } else {
                            out.println("  " + c.user + ": cancel of resting token " + live.get(i) + " after restart answered " + p);
                            ok = false;
                        }
                    }
                    e.logout();
                } catch (EOFException | SocketException ex) {
                    out.println("  " + c.user + ": connection lost after restart: " + ex);
                    ok = false;
                }
            }
            out.printf(Locale.ROOT, "  acknowledged:   %d responses received before the SIGKILL; every one present after the restart, byte for byte: %s%n",
                    before, ok ? "yes" : "NO");
            out.printf(Locale.ROOT, "  unseen:         %d responses the clients never got before the crash (journaled, not yet sent) delivered on re-login%n",
                    unseenTotal);
            out.printf(Locale.ROOT, "  resting:        %d orders of the load clients rested across the crash; %d cancelled now by their original tokens%n",
                    resting, cancelled);
            int exit = node.terminate(30);
            for (String line : node.output()) if (line.startsWith("qsl node: SIGTERM") || line.startsWith("qsl node: stopped")) out.println("  " + line);
            out.println("  SIGTERM:        node drained and exited " + exit);
            if (exit != 0) ok = false;
        }

        out.println();
        out.println("== replay of the scripted flow from the journal");
        Path scratch = dir.resolve("replay-stores");
        long[] engineBook = new long[1];
        JournalReplay.Result r = JournalReplay.replay(cfg, accounts, scripted, scratch,
                engine -> engineBook[0] = FeedWatch.fingerprint(engine, cfg.symbols().size()));
        out.printf(Locale.ROOT, "  replayed:       %d records -> engine sequence %d, %d resting orders, engine digest %016x%n",
                r.records(), r.engineSequence(), r.restingOrders(), r.engineDigest());
        out.printf(Locale.ROOT, "  output:         %d responses regenerated, output digest %016x%n", r.outputMessages(), r.outputDigest());
        if (r.records() != scripted) ok = false;
        out.printf(Locale.ROOT, "  market data:    feed client's book %016x, engine's book after the scripted flow %016x: %s%n",
                feedBook, engineBook[0], feedBook == engineBook[0] ? "identical" : "DIFFERENT");
        if (feedBook != engineBook[0]) feedOk = false;
        if (!feedOk) out.println("qsl demo: A MARKET-DATA CHECK FAILED: the feed client did not recover the engine's book");
        out.println(ok ? "qsl demo: every node check passed" : "qsl demo: A CHECK FAILED");
        out.println();
        out.printf("digest: %016x%n", r.digest());
        return ok && feedOk;
    }

    static String percentiles(Histogram h) {
        return String.format(Locale.ROOT, "p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us over %d",
                h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3,
                h.getMaxValue() / 1e3, h.getTotalCount());
    }

    /** Tokens of GTC orders accepted and neither executed to zero nor canceled, in acceptance order. */
    static List<Long> restingTokens(List<byte[]> a, List<byte[]> b) {
        LinkedHashMap<Long, Boolean> live = new LinkedHashMap<>();
        List<byte[]> all = new ArrayList<>(a);
        all.addAll(b);
        for (byte[] w : all) {
            EntryClient.Packet p = new EntryClient.Packet(w[2], Arrays.copyOfRange(w, 3, w.length));
            switch (p.messageType()) {
                case Wire.ACCEPTED -> {
                    if (p.byteAt(Wire.ACC_TIF) != 'I') live.put(p.longAt(Wire.ACC_TOKEN), true);
                }
                case Wire.EXECUTED -> {
                    if (p.longAt(Wire.EXE_LEAVES) == 0) live.remove(p.longAt(Wire.EXE_TOKEN));
                }
                case Wire.CANCELED -> live.remove(p.longAt(Wire.CAN_TOKEN));
                default -> { }
            }
        }
        return new ArrayList<>(live.keySet());
    }
}
