package qsl.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import qsl.cluster.ClusterDemo;
import qsl.gateway.Venue;
import qsl.gateway.client.OrderEntryClient;
import qsl.gateway.client.OrderEntryListener;

/**
 * The single-machine node at fixed offered rates, for the cluster's price-of-replication table:
 * {@code qsl node} (default batch durability) in a child JVM, one SoupBinTCP session entering
 * limit orders in buy/sell pairs that trade with each other, each round trip taken from the Enter
 * Order's send to its Accepted (or Rejected) response, which the node sends only once the command
 * is journaled.
 */
final class NodeRateRun {
    private NodeRateRun() {}

    private static final int MASK = (1 << 20) - 1;

    /** Records the first response per token. */
    private static final class Probe implements OrderEntryListener {
        final long[] sentAt = new long[MASK + 1];
        final Histogram h = new Histogram(60_000_000_000L, 3);
        long answered;
        boolean recording;

        private void answer(long token) {
            long t = sentAt[(int) (token & MASK)];
            if (t == 0) return;
            sentAt[(int) (token & MASK)] = 0;
            answered++;
            if (recording) h.recordValue(Math.min(System.nanoTime() - t, h.getHighestTrackableValue()));
        }

        @Override
        public void onAccepted(long seq, long token, long orderId, long symbol, byte side, byte orderType, byte timeInForce,
                               long price, long quantity) {
            answer(token);
        }

        @Override
        public void onRejected(long seq, long token, byte reason) {
            answer(token);
        }
    }

    static List<ClusterDemo.RateRun> run(Path dir, int port, List<Integer> rates, double seconds, int warmRate, double warmSeconds,
                                         PrintStream out)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
                "-Xms256m", "-Xmx1g", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "node", "--port", Integer.toString(port), "--data-dir", dir.toAbsolutePath().toString(), "--no-pin"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<ClusterDemo.RateRun> runs = new ArrayList<>();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            for (String line; ; ) {
                line = r.readLine();
                if (line == null) throw new IOException("the node exited before listening");
                if (line.contains("listening on")) break;
            }
            Thread drain = new Thread(() -> {
                try {
                    while (r.readLine() != null) { /* keep the pipe empty */ }
                } catch (IOException e) {
                    // node gone
                }
            }, "node-out");
            drain.setDaemon(true);
            drain.start();
            runs.addAll(measure(port, "demo", "demo", rates, seconds, warmRate, warmSeconds, 0,
                    "single node (qsl node, batch durability)", out));
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
        }
        return runs;
    }

    /**
     * One SoupBinTCP session on {@code port} logged in as {@code user}: unmeasured load at
     * {@code warmRate}, then for each rate one unmeasured second and {@code seconds} measured,
     * each round trip from the Enter Order's send to its Accepted (or Rejected). The runs carry
     * {@code members} (0: the single-machine node).
     */
    static List<ClusterDemo.RateRun> measure(int port, String user, String password, List<Integer> rates, double seconds,
                                             int warmRate, double warmSeconds, int members, String label, PrintStream out)
            throws IOException {
        List<ClusterDemo.RateRun> runs = new ArrayList<>();
        Probe probe = new Probe();
        try (OrderEntryClient c = new OrderEntryClient(probe)) {
            c.connect("127.0.0.1", port);
            if (!c.login(user, password, "", 0, 30_000)) throw new IOException(label + " refused the login of " + user);
            long symbol = Venue.Symbol.key("AAPL");
            long[] token = {0};
            pace(c, probe, token, symbol, warmRate, warmSeconds);
            for (int rate : rates) {
                pace(c, probe, token, symbol, rate, 1.0);
                probe.h.reset();
                probe.recording = true;
                long a0 = probe.answered;
                long t0 = System.nanoTime();
                pace(c, probe, token, symbol, rate, seconds);
                long acks = probe.answered - a0;
                double elapsed = (System.nanoTime() - t0) / 1e9;
                probe.recording = false;
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (probe.answered < token[0] && System.nanoTime() < deadline) {
                    if (c.poll() == 0) LockSupport.parkNanos(50_000);
                }
                Histogram h = probe.h;
                ClusterDemo.RateRun run = new ClusterDemo.RateRun(members, rate, elapsed, acks, acks / elapsed,
                        h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue());
                out.printf("%s, offered %d/s: achieved %.0f/s, round trip p50 %.0f us, p99 %.0f us, p99.9 %.0f us, max %.0f us%n",
                        label, rate, run.achievedRate(), run.p50Ns() / 1e3, run.p99Ns() / 1e3, run.p999Ns() / 1e3, run.maxNs() / 1e3);
                runs.add(run);
            }
        }
        return runs;
    }

    /** Enters orders at {@code rate} for {@code seconds}: buy then sell of the same quantity at one price, so pairs trade. */
    private static void pace(OrderEntryClient c, Probe probe, long[] token, long symbol, int rate, double seconds) throws IOException {
        long period = 1_000_000_000L / rate;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long next = System.nanoTime();
        while (true) {
            long now = System.nanoTime();
            if (now >= end) break;
            if (now - next > 100_000_000L) next = now;
            int work = 0;
            while (next <= now) {
                long t = ++token[0];
                probe.sentAt[(int) (t & MASK)] = System.nanoTime();
                byte side = (t & 1) == 1 ? (byte) 'B' : (byte) 'S';
                c.enterOrder(t, symbol, side, (byte) 'L', (byte) 'G', 10_000, 1 + ((t >> 1) % 10));
                next += period;
                work++;
            }
            work += c.poll();
            if (work == 0) LockSupport.parkNanos(20_000);
        }
    }
}
