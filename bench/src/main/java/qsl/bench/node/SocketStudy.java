package qsl.bench.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import qsl.bench.BenchOptions;
import qsl.gateway.client.OrderEntryClient;
import qsl.gateway.client.OrderEntryListener;
import qsl.perf.results.ResultsFile;
import qsl.protocol.entry.Symbols;

/**
 * Socket-level pressure on the node (durability none, its own JVM): how many sessions the acceptor
 * holds and what one more costs (login time, resident memory, a probe session's round trip as
 * sessions are added), a client that stops reading (how much the kernel buffers, when the node
 * drops it as a slow consumer, what the other sessions see meanwhile), and a burst of orders
 * larger than the node's socket receive buffer in one write. Writes {@code results/node_sockets.json}.
 */
final class SocketStudy {
    static final int MAX_SESSIONS = 1024;
    private static final long AAPL = Symbols.key("AAPL");

    void run(BenchOptions options) throws Exception {
        ResultsFile f = ResultsFile.create("node_sockets", "The node's sockets under pressure: connection scaling, slow readers, bursts",
                        options.command())
                .evidence("constrained: 2 cores (KVM guest) shared by the node, the client and possibly other builds; loopback "
                        + "only (no NIC queues, no interrupts); kernel buffer sizes are this host's defaults (tcp_rmem "
                        + sysctl("net/ipv4/tcp_rmem") + ", tcp_wmem " + sysctl("net/ipv4/tcp_wmem") + ")");
        Path tmp = Files.createTempDirectory("qsl-bench-sockets");
        try (NodeChild node = new NodeChild(tmp, "none", MAX_SESSIONS + 2, true,
                List.of("store.bytes=" + (32L << 20), "max.lag.bytes=" + (1L << 20)))) {
            scaling(f, node);
            slowReader(f, node);
            burst(f, node);
        } finally {
            NodeSuite.deleteTree(tmp);
        }
        f.note("Connection scaling: sessions are added in steps (connect + SoupBinTCP login each, one after the other); after "
                + "each step a probe session (one of them) sends 500 enter+cancel pairs one at a time and records each reply's "
                + "round trip; RSS is the node's VmRSS.");
        f.note("Slow reader: one session sends orders as fast as TCP lets it and never reads; max.lag.bytes is 1 MiB for this "
                + "node. Meanwhile a second session runs the probe. The node sends the slow reader's responses from its store; "
                + "what it cannot write stays in the store, so the node's memory does not grow with the backlog.");
        f.note("Burst: one write of orders much larger than the socket receive buffer; the client's write spins until the "
                + "node has read it all (TCP flow control), then the client reads every reply.");
        f.write(options.resultsDir());
    }

    /**
     * A sysctl's value. Read as a stream: {@code Files.readString} trusts the size procfs reports
     * for the file and returned only {@code "4"} of {@code "4096\t131072\t33554432"} here.
     */
    static String sysctl(String name) {
        try (var r = Files.newBufferedReader(Path.of("/proc/sys", name))) {
            String line = r.readLine();
            return line == null ? "empty" : line.strip().replace('\t', ' ');
        } catch (Exception e) {
            return "unreadable";
        }
    }

    /** Counts the replies a probe waits for. */
    private static final class Counter implements OrderEntryListener {
        long replies;
        long accepted;

        @Override
        public void onAccepted(long seq, long t, long orderId, long s, byte side, byte type, byte tif, long price, long qty) {
            replies++;
            accepted++;
        }

        @Override
        public void onRejected(long seq, long t, byte reason) {
            replies++;
        }

        @Override
        public void onCanceled(long seq, long t, long orderId, long q, byte reason) {
            replies++;
        }

        @Override
        public void onCancelReject(long seq, long t, byte reason) {
            replies++;
        }
    }

    private static OrderEntryClient login(NodeChild node, int user, OrderEntryListener l, int sendBuffer) throws Exception {
        OrderEntryClient c = new OrderEntryClient(l, sendBuffer, 1000);
        c.connect(node.process.address());
        if (!c.login("u" + user, NodeChild.PASSWORD, "", 0, 30_000)) throw new IllegalStateException("login refused for u" + user);
        return c;
    }

    private static long token = 1_000_000_000L;

    /** 500 enter+cancel pairs, one request at a time; round trips in ns. */
    private static Histogram probe(OrderEntryClient c, Counter k, int pairs) throws Exception {
        Histogram h = new Histogram(60_000_000_000L, 3);
        for (int i = 0; i < pairs; i++) {
            long t = ++token;
            for (int step = 0; step < 2; step++) {
                long want = k.replies + 1;
                long t0 = System.nanoTime();
                if (step == 0) c.enterOrder(t, AAPL, (byte) 'B', (byte) 'L', (byte) 'G', 9_000, 1);
                else c.cancelOrder(t);
                long deadline = t0 + 10_000_000_000L;
                while (k.replies < want) {
                    if (c.poll() < 0) throw new IllegalStateException("probe session closed");
                    if (System.nanoTime() > deadline) throw new IllegalStateException("probe: no reply in 10 s");
                }
                h.recordValue(System.nanoTime() - t0);
            }
        }
        return h;
    }

    private static void scaling(ResultsFile f, NodeChild node) throws Exception {
        List<OrderEntryClient> open = new ArrayList<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        Counter pk = new Counter();
        OrderEntryClient probe = login(node, 0, pk, 4096);
        open.add(probe);
        probe(probe, pk, 500); // warm
        int[] steps = {1, 16, 64, 256, 512, MAX_SESSIONS};
        long rss0 = node.rssKib();
        OrderEntryListener none = new OrderEntryListener() { };
        for (int target : steps) {
            long t0 = System.nanoTime();
            int added = 0;
            while (open.size() < target) {
                open.add(login(node, open.size(), none, 4096));
                added++;
            }
            long loginNanos = System.nanoTime() - t0;
            Thread.sleep(200);
            Histogram h = probe(probe, pk, 500);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("sessions", open.size());
            r.put("login_us_each", added == 0 ? 0.0 : loginNanos / 1e3 / added);
            r.put("node_rss_kib", node.rssKib());
            r.put("probe_p50_us", h.getValueAtPercentile(50) / 1e3);
            r.put("probe_p99_us", h.getValueAtPercentile(99) / 1e3);
            r.put("probe_max_us", h.getMaxValue() / 1e3);
            rows.add(r);
            System.out.println("bench node sockets: " + r);
            f.figure("probe_rtt_p99_us_at_" + open.size() + "_sessions", h.getValueAtPercentile(99) / 1e3);
            if (added > 0) f.figure("login_us_each_to_" + open.size() + "_sessions", loginNanos / 1e3 / added);
        }
        long rss1 = node.rssKib();
        f.figure("sessions_held", open.size());
        f.figure("node_rss_kib_per_session", (rss1 - rss0) / (double) (open.size() - 1));
        f.section("connection_scaling", rows);
        for (OrderEntryClient c : open) {
            try {
                c.logout();
            } catch (Exception ignored) {
                // closing
            }
            c.close();
        }
    }

    private static void slowReader(ResultsFile f, NodeChild node) throws Exception {
        Counter pk = new Counter();
        OrderEntryClient probe = login(node, MAX_SESSIONS, pk, 4096);
        OrderEntryClient slow = login(node, MAX_SESSIONS + 1, new OrderEntryListener() { }, 64 * 1024);
        slow.autoFlush(false);
        long rss0 = node.rssKib();
        long t0 = System.nanoTime();
        long sent = 0;
        boolean dropped = false;
        Histogram during = new Histogram(60_000_000_000L, 3);
        long deadline = t0 + 20_000_000_000L;
        try {
            while (System.nanoTime() < deadline) {
                for (int i = 0; i < 1000; i++) {
                    long t = ++token;
                    slow.enterOrder(t, AAPL, (byte) 'B', (byte) 'L', (byte) 'G', 9_000, 1);
                    sent++;
                }
                slow.flush();
                during.add(probe(probe, pk, 5));
                if (!slow.isConnected()) break;
            }
        } catch (java.io.IOException e) {
            dropped = true; // the node closed the connection: our write failed
        }
        long t = System.nanoTime() - t0;
        boolean gone = dropped || node.process.output().stream().anyMatch(l -> l.contains("u" + (MAX_SESSIONS + 1) + "@") && l.contains("slow consumer"));
        f.figure("slow_reader_orders_sent_before_drop", sent);
        f.figure("slow_reader_seconds_until_drop", gone ? t / 1e9 : -1);
        f.figure("slow_reader_node_rss_growth_kib", node.rssKib() - rss0);
        f.figure("probe_rtt_p99_us_during_slow_reader", during.getValueAtPercentile(99) / 1e3);
        f.meta("slow_reader_dropped", gone);
        String reason = node.process.output().stream().filter(l -> l.contains("u" + (MAX_SESSIONS + 1) + "@") && l.contains("disconnected"))
                .findFirst().orElse("not disconnected");
        f.meta("slow_reader_node_log", reason.strip());
        System.out.println("bench node sockets: slow reader: sent " + sent + " in " + t / 1e6 + " ms; " + reason);
        slow.close();
        probe.logout();
        probe.close();
    }

    private static void burst(ResultsFile f, NodeChild node) throws Exception {
        int orders = 40_000; // 40,000 x 39 bytes = 1.56 MB in one write, 12x the default receive buffer
        Counter k = new Counter();
        OrderEntryClient c = login(node, MAX_SESSIONS, k, 8 << 20);
        c.autoFlush(false);
        long first = token + 1;
        for (int i = 0; i < orders; i++) c.enterOrder(++token, AAPL, (byte) 'S', (byte) 'L', (byte) 'G', 11_000, 1);
        long t0 = System.nanoTime();
        c.flush();
        long written = System.nanoTime() - t0;
        long deadline = t0 + 60_000_000_000L;
        while (k.replies < orders && System.nanoTime() < deadline) {
            if (c.poll() < 0) break;
        }
        long all = System.nanoTime() - t0;
        for (long t = first; t <= token; t++) c.cancelOrder(t);
        c.flush();
        f.figure("burst_orders", orders);
        f.figure("burst_bytes", (long) orders * (qsl.protocol.soup.SoupHeaderDescriptor.HEADER_LENGTH + qsl.protocol.entry.EnterOrderDescriptor.LENGTH));
        f.figure("burst_write_ms", written / 1e6);
        f.figure("burst_all_replies_ms", all / 1e6);
        f.figure("burst_replies", k.replies);
        f.figure("burst_orders_per_s", k.replies * 1e9 / all);
        System.out.println("bench node sockets: burst of " + orders + ": write " + written / 1e6 + " ms, replies " + k.replies + " in "
                + all / 1e6 + " ms");
        c.logout();
        c.close();
    }
}
