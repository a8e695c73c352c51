package qsl.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Timeout;
import qsl.gateway.entry.EntryClient;
import qsl.gateway.entry.Wire;
import qsl.perf.alloc.ChildJvm;
import qsl.wal.DurabilityMode;

/**
 * The whole node allocates nothing in its steady state: a node in a child JVM under Epsilon (no
 * collection ever, thread-local allocation buffers off so every allocated byte shows in the used
 * heap) takes 5,000,000 orders from two loopback clients, while it prints its used heap every
 * 200 ms. Start-up, recovery, logins and the first million orders (JIT warm-up) are allowed to
 * allocate; from there to the end the used heap may grow by less than 0.01 byte per order (the
 * log rolls to a new 64 MiB segment about every 760,000 orders, and a roll still allocates a few
 * hundred bytes in the wal module: a path, a C string, the new mapping's segment), and the exact
 * growth is printed.
 */
@Timeout(900)
class NodeAllocationTest {
    static final long ORDERS_PER_CLIENT = Long.getLong("qsl.node.allocOrders", 2_500_000L);
    static final long WARM = Math.min(1_000_000L, 2 * ORDERS_PER_CLIENT / 5);
    static final int WINDOW = 4096;
    static final int BATCH = 256;

    /** A raw NIO client: batches of Enter Orders (buy, sell, buy, ...), a reader that counts Accepted. */
    static final class Flow {
        final SocketChannel ch;
        final AtomicLong accepted = new AtomicLong();
        final char side;
        final char tif;
        volatile Throwable failure;

        Flow(InetSocketAddress a, String user, char side, char tif) throws IOException {
            EntryClient login = new EntryClient(a);
            // log in with the simple client, then drive the socket it opened? No: a fresh channel.
            login.close();
            ch = SocketChannel.open(a);
            ch.socket().setTcpNoDelay(true);
            ByteBuffer l = ByteBuffer.allocate(3 + Wire.LOGIN_REQUEST_LENGTH);
            l.putShort((short) (1 + Wire.LOGIN_REQUEST_LENGTH)).put(Wire.LOGIN_REQUEST);
            byte[] f = String.format("%-6s%-10s%10s%20s", user, user + "pw", "", "0").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            l.put(f).flip();
            while (l.hasRemaining()) ch.write(l);
            this.side = side;
            this.tif = tif;
        }

        void run(long orders) throws Exception {
            Thread reader = new Thread(() -> {
                ByteBuffer in = ByteBuffer.allocateDirect(1 << 20);
                try {
                    while (accepted.get() < orders) {
                        if (ch.read(in) < 0) throw new IOException("closed");
                        in.flip();
                        while (in.remaining() >= 2) {
                            int len = in.getShort(in.position()) & 0xFFFF;
                            if (in.remaining() < 2 + len) break;
                            byte type = in.get(in.position() + 2);
                            if (type == Wire.SEQUENCED && in.get(in.position() + 3) == Wire.ACCEPTED) accepted.incrementAndGet();
                            if (type == Wire.SEQUENCED && in.get(in.position() + 3) == Wire.REJECTED) throw new IOException("rejected");
                            in.position(in.position() + 2 + len);
                        }
                        in.compact();
                    }
                } catch (Throwable t) {
                    failure = t;
                }
            });
            reader.start();
            ByteBuffer batch = ByteBuffer.allocateDirect(BATCH * (3 + Wire.ENTER_LENGTH));
            for (int i = 0; i < BATCH; i++) {
                batch.putShort((short) (1 + Wire.ENTER_LENGTH)).put(Wire.UNSEQUENCED).put(Wire.ENTER_ORDER).putLong(0)
                        .putLong(EntryClient.symbol("AAPL")).put((byte) (i % 2 == 0 ? 'B' : 'S')).put((byte) 'L').put((byte) tif)
                        .putLong(10_000).putLong(10);
            }
            long token = 0;
            while (token < orders && failure == null) {
                if (token - accepted.get() > WINDOW) {
                    LockSupport.parkNanos(50_000);
                    continue;
                }
                int n = (int) Math.min(BATCH, orders - token);
                for (int i = 0; i < n; i++) batch.putLong(i * (3 + Wire.ENTER_LENGTH) + 4, ++token);
                batch.position(0).limit(n * (3 + Wire.ENTER_LENGTH));
                while (batch.hasRemaining()) ch.write(batch);
                batch.clear();
            }
            reader.join(600_000);
            if (failure != null) throw new AssertionError("flow " + side + " failed", failure);
        }
    }

    static long lastHeap(NodeProcess node) {
        List<String> out = node.output();
        for (int i = out.size() - 1; i >= 0; i--) if (out.get(i).startsWith("heap-used ")) return Long.parseLong(out.get(i).substring(10).strip());
        return -1;
    }

    static long awaitNextHeap(NodeProcess node) throws InterruptedException {
        int before = node.output().size();
        while (true) {
            List<String> out = node.output();
            for (int i = out.size() - 1; i >= before; i--) if (out.get(i).startsWith("heap-used ")) return Long.parseLong(out.get(i).substring(10).strip());
            Thread.sleep(20);
        }
    }

    /**
     * Both journal paths: {@code none} (the engine thread runs the journal stage) and {@code batch}
     * (the node's default: a journal thread with its group commits' fdatasync calls, allocation-free
     * since the wal's sync no longer captures errno through the FFM linker).
     * {@code -Dqsl.node.allocMode=MODE} runs only that mode. Each with both threadings: the gateway
     * thread running the engine (and in none mode the journal) stage, and a thread per stage; and
     * batch mode with {@code threading = single} (the gateway thread appends and syncs itself, a
     * journal thread takes over while the groups are large: this test's pipelined flows make both happen);
     * each with overlapping group commits ({@code syncs.in.flight = 3}, the default: three sync threads), and batch with
     * single and {@code syncs.in.flight = 0} (the node thread syncs itself).
     */
    @ParameterizedTest
    @CsvSource({"none, shared, 3", "batch, shared, 3", "batch, single, 3", "none, dedicated, 3", "batch, dedicated, 3", "batch, single, 0"})
    void steadyStateAllocatesNothing(String defaultMode, String threading, int syncsInFlight) throws Exception {
        String only = System.getProperty("qsl.node.allocMode");
        if (only != null && !only.equals(defaultMode)) return;
        Path dir = Files.createTempDirectory("qsl-node-alloc-");
        try {
            Path accounts = dir.resolve("accounts");
            Files.write(accounts, NodeFixture.ACCOUNTS);
            DurabilityMode mode = DurabilityMode.parse(only != null ? only : defaultMode);
            NodeConfig cfg = NodeConfig.defaults(dir.resolve("data")).withPort(0).withDurability(mode).withPin(false)
                    .withAccountsFile(accounts).withTimeouts(1000, 120_000, 1L << 30).withSizes(1L << 30, 1 << 20, 1 << 16, 1 << 14)
                    .withSegmentBytes(Long.getLong("qsl.node.allocSegmentBytes", 64L << 20)).withSnapshots(SnapshotSchedule.NEVER)
                    .withThreading(NodeThreading.parse(threading)).withSyncsInFlight(syncsInFlight);
            Path config = dir.resolve("node.properties");
            cfg.write(config);
            List<String> jvm = new ArrayList<>(ChildJvm.epsilon(384));
            jvm.add("-XX:-UseTLAB");
            jvm.add("-Dqsl.node.heapReport=200");
            try (NodeProcess node = NodeProcess.start(config, jvm, 120)) {
                // Each client alternates buy and sell GTC at one price: every sell fills the resting buy,
                // so the book stays small however the two flows interleave.
                Flow sell = new Flow(node.address(), "alice", 'S', 'G');
                Flow buy = new Flow(node.address(), "bob", 'B', 'G');
                long[] baseline = {-1};
                Thread watcher = new Thread(() -> {
                    try {
                        while (sell.accepted.get() + buy.accepted.get() < WARM) Thread.sleep(5);
                        baseline[0] = awaitNextHeap(node);
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                });
                watcher.start();
                Thread s = new Thread(() -> {
                    try {
                        sell.run(ORDERS_PER_CLIENT);
                    } catch (Throwable t) {
                        sell.failure = t;
                    }
                });
                s.start();
                buy.run(ORDERS_PER_CLIENT);
                s.join();
                watcher.join();
                assertEquals(null, sell.failure);
                long total = sell.accepted.get() + buy.accepted.get();
                assertEquals(2 * ORDERS_PER_CLIENT, total);
                awaitNextHeap(node);
                long end = awaitNextHeap(node);
                long growth = end - baseline[0];
                System.out.printf("node under Epsilon (" + mode.label() + " durability, " + cfg.segmentBytes() + "-byte segments): %d orders, used heap %d bytes after %d orders, %d bytes at the end: %d bytes allocated in the steady window (%d orders)%n",
                        total, baseline[0], WARM, end, growth, total - WARM);
                assertTrue(baseline[0] > 0);
                // Under 0.01 byte per order: the segment rolls in the window (about five) may allocate
                // a few hundred bytes each; nothing per order. The exact figure is printed.
                assertTrue(growth < (total - WARM) / 100, growth + " bytes allocated while taking " + (total - WARM) + " orders");
                assertEquals(0, node.terminate(60), "drains and exits 0 under Epsilon: " + node.output().stream().filter(l -> !l.startsWith("heap-used")).toList());
            }
        } finally {
            try (var s = Files.walk(dir)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }
}
