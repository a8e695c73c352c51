package qsl.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import qsl.gateway.NodeProcess;
import qsl.gateway.client.OrderEntryClient;
import qsl.gateway.client.OrderEntryListener;
import qsl.protocol.entry.Symbols;

/**
 * Long stress run (only with {@code -Dqsl.stress=long}): a node in a child JVM with random delays
 * injected between its pipeline steps ({@code -Dqsl.node.chaos=true}, batch durability), four
 * sessions sending orders, cancels and crossing orders with up to 64 in flight each, then SIGKILL
 * ({@code -Dqsl.stress.syncs=K}: with K overlapping group commits, {@code syncs.in.flight}; the node's default otherwise).
 * The node is restarted on the same directory (no delays) and every session logs in from
 * sequence 1: the node regenerates each stream from its journal, so every acknowledgement and
 * fill a client received before the kill must be there, at the same sequence number, with the
 * same token, order id and quantities: no response ever left the node ahead of its command's log
 * record.
 */
class ChaosAckTest {
    static final int SESSIONS = 4;
    static final long AAPL = Symbols.key("AAPL");

    /** Records a digest of every response, by sequence number. */
    static final class Recorder implements OrderEntryListener {
        final List<Long> digests = new ArrayList<>();
        long answered;

        private void put(long seq, long d) {
            while (digests.size() < seq) digests.add(0L);
            digests.set((int) seq - 1, d);
        }

        @Override
        public void onAccepted(long seq, long t, long orderId, long s, byte side, byte type, byte tif, long price, long qty) {
            put(seq, 'A' * 1_000_003L ^ t * 31 ^ orderId * 131 ^ price * 7 ^ qty);
            answered++;
        }

        @Override
        public void onRejected(long seq, long t, byte reason) {
            put(seq, 'J' * 1_000_003L ^ t * 31 ^ reason);
            answered++;
        }

        @Override
        public void onExecuted(long seq, long t, long orderId, long matchId, long price, long qty, long leaves, byte liq) {
            put(seq, 'E' * 1_000_003L ^ t * 31 ^ orderId * 131 ^ matchId * 17 ^ qty * 7 ^ leaves * 3 ^ liq);
        }

        @Override
        public void onCanceled(long seq, long t, long orderId, long q, byte reason) {
            put(seq, 'C' * 1_000_003L ^ t * 31 ^ orderId * 131 ^ q * 7 ^ reason);
            answered++;
        }

        @Override
        public void onCancelReject(long seq, long t, byte reason) {
            put(seq, 'I' * 1_000_003L ^ t * 31 ^ reason);
            answered++;
        }

        @Override
        public void onUndecodable(long seq, int error) {
            put(seq, -1);
        }
    }

    @Test
    void everyAcknowledgementSurvivesInTheLog(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue("long".equals(System.getProperty("qsl.stress")), "long stress runs only with -Dqsl.stress=long");
        Path accounts = dir.resolve("accounts.txt");
        List<String> users = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) users.add("c" + i + " " + (i + 1) + " pw");
        Files.write(accounts, users);
        Path config = dir.resolve("node.properties");
        Files.write(config, List.of("data.dir=" + dir.resolve("data"), "port=0", "durability=batch", "accounts.file=" + accounts,
                "pin=false", "store.bytes=" + (64L << 20), "syncs.in.flight=" + Integer.getInteger("qsl.stress.syncs",
                        qsl.gateway.NodeConfig.DEFAULT_SYNCS_IN_FLIGHT)));
        long seconds = Long.getLong("qsl.stress.seconds", 30);
        Recorder[] before = new Recorder[SESSIONS];
        long total = 0;
        try (NodeProcess node = NodeProcess.start(config, List.of("-Dqsl.node.chaos=true"), 60)) {
            OrderEntryClient[] c = new OrderEntryClient[SESSIONS];
            long[] sent = new long[SESSIONS];
            for (int i = 0; i < SESSIONS; i++) {
                before[i] = new Recorder();
                c[i] = new OrderEntryClient(before[i], 64 * 1024, 1000);
                c[i].connect(node.address());
                assertTrue(c[i].login("c" + i, "pw", "", 1, 10_000));
            }
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            java.util.SplittableRandom r = new java.util.SplittableRandom(42);
            while (System.nanoTime() < end) {
                for (int i = 0; i < SESSIONS; i++) {
                    while (sent[i] - before[i].answered < 64) {
                        long t = ++sent[i];
                        if (t > 2 && r.nextInt(4) == 0) {
                            c[i].cancelOrder(t - 2);
                        } else {
                            boolean buy = r.nextBoolean();
                            c[i].enterOrder(t, AAPL, buy ? (byte) 'B' : (byte) 'S', (byte) 'L', r.nextInt(5) == 0 ? (byte) 'I' : (byte) 'G',
                                    10_000 + r.nextInt(-5, 6), 1 + r.nextInt(50));
                        }
                    }
                    c[i].poll();
                }
            }
            for (int i = 0; i < SESSIONS; i++) {
                c[i].poll();
                total += before[i].digests.size();
            }
            node.kill();
            for (OrderEntryClient x : c) x.close();
        }
        assertTrue(total > 1000, "the run produced responses: " + total);
        try (NodeProcess node = NodeProcess.start(config, List.of(), 120)) {
            for (int i = 0; i < SESSIONS; i++) {
                Recorder after = new Recorder();
                try (OrderEntryClient c = new OrderEntryClient(after, 64 * 1024, 1000)) {
                    c.connect(node.address());
                    assertTrue(c.login("c" + i, "pw", "", 1, 10_000));
                    long want = before[i].digests.size();
                    assertTrue(c.awaitSequence(want, 60_000), "session c" + i + ": the restarted node replays at least " + want);
                    for (int s = 0; s < want; s++) {
                        assertEquals(before[i].digests.get(s), after.digests.get(s),
                                "session c" + i + " response " + (s + 1) + " differs from what the log regenerates");
                    }
                }
            }
            assertEquals(0, node.terminate(30));
        }
        System.out.println("chaos stress: " + total + " responses received before SIGKILL, every one regenerated from the log");
    }
}
