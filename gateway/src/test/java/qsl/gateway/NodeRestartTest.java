package qsl.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import qsl.gateway.entry.EntryClient;
import qsl.gateway.entry.Wire;

/**
 * SIGKILL of a node in its own process mid-flow, restart on the same directory, re-login with
 * sequence numbers: nothing acknowledged is lost, nothing duplicated or changed, resting orders
 * still cancellable by their owners with their original tokens.
 */
@Timeout(120)
class NodeRestartTest {

    /** Sends orders and records every sequenced packet until the connection dies. */
    static final class Trader implements Runnable {
        final String user;
        final EntryClient client;
        final List<byte[]> received = new ArrayList<>();
        final List<Long> restingTokens = new ArrayList<>();
        final char side;
        final long price;
        volatile boolean dead;

        Trader(String user, EntryClient client, char side, long price) {
            this.user = user;
            this.client = client;
            this.side = side;
            this.price = price;
        }

        @Override
        public void run() {
            Thread reader = new Thread(() -> {
                try {
                    while (true) {
                        EntryClient.Packet p = client.readPacket(30_000);
                        if (p == null) return;
                        if (p.type() == Wire.SEQUENCED) {
                            synchronized (received) {
                                received.add(p.wire());
                            }
                        }
                    }
                } catch (IOException e) {
                    dead = true;
                }
            });
            reader.start();
            try {
                for (long t = 1; !dead; t++) {
                    // Every fourth order rests far from the market; the others cross the other trader's.
                    boolean rest = t % 4 == 0;
                    long px = rest ? (side == 'S' ? price + 5000 : price - 5000) : price;
                    client.enter(t, "AAPL", side, 'L', 'G', px, 10);
                    if (t % 64 == 0) Thread.sleep(1);
                }
            } catch (IOException | InterruptedException e) {
                dead = true;
            }
            try {
                reader.join();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }

        List<byte[]> snapshot() {
            synchronized (received) {
                return new ArrayList<>(received);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(NodeThreading.class)
    void sigkillMidFlowLosesNoAcknowledgement(NodeThreading threading) throws Exception {
        Path dir = Files.createTempDirectory("qsl-restart-");
        NodeConfig cfg = NodeFixture.childConfig(dir, threading);
        killRestartAndVerify(dir, cfg);
    }

    /** The same with {@code syncs.in.flight} 0 (the journal stage syncs itself) and 1 (the default is 3); the default threading. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void sigkillMidFlowWithOverlappedSyncsLosesNoAcknowledgement(int syncsInFlight) throws Exception {
        Path dir = Files.createTempDirectory("qsl-restart-");
        NodeConfig cfg = NodeFixture.childConfig(dir, NodeThreading.SINGLE).withSyncsInFlight(syncsInFlight);
        killRestartAndVerify(dir, cfg);
    }

    /** A node child with {@code cfg} SIGKILLed mid-flow, restarted, every acknowledgement checked, then stopped cleanly. */
    private void killRestartAndVerify(Path dir, NodeConfig cfg) throws Exception {
        Path config = dir.resolve("node.properties");
        cfg.write(config);
        List<Trader> traders = tradeUntilKilled(config, 2000);
        try (NodeProcess second = NodeProcess.start(config, List.of("-Xmx256m"), 60)) {
            verifyAfterRestart(second, traders);
            assertEquals(0, second.terminate(30), "SIGTERM drains and exits 0: " + second.output());
        }
    }

    /** Starts the node in a child JVM, lets two traders run until each has {@code responses} responses, then SIGKILLs it. */
    static List<Trader> tradeUntilKilled(Path config, int responses) throws Exception {
        List<Trader> traders = new ArrayList<>();
        try (NodeProcess first = NodeProcess.start(config, List.of("-Xmx256m"), 60)) {
            EntryClient a = new EntryClient(first.address());
            assertTrue(a.login("alice", "alicepw", "", 1).accepted());
            EntryClient b = new EntryClient(first.address());
            assertTrue(b.login("bob", "bobpw", "", 1).accepted());
            traders.add(new Trader("alice", a, 'S', 10_000));
            traders.add(new Trader("bob", b, 'B', 10_000));
            List<Thread> threads = new ArrayList<>();
            for (Trader t : traders) {
                Thread th = new Thread(t);
                th.start();
                threads.add(th);
            }
            // Let the flow run until both have some acknowledgements, then kill the node dead.
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline
                    && (traders.get(0).snapshot().size() < responses || traders.get(1).snapshot().size() < responses)) {
                Thread.sleep(20);
            }
            first.kill();
            for (Thread th : threads) th.join(30_000);
        }
        return traders;
    }

    /**
     * After a restart: each trader re-logs in with its next expected sequence (gets the unseen rest),
     * then from 1 (every message it had is there byte for byte), and cancels up to 20 resting orders
     * by their original tokens.
     */
    static void verifyAfterRestart(NodeProcess second, List<Trader> traders) throws Exception {
        for (Trader t : traders) {
            List<byte[]> before = t.snapshot();
            assertTrue(before.size() >= 2000, t.user + " got " + before.size());
            // Re-login asking for the next unseen message: the rest arrives, then silence.
            List<byte[]> unseen = new ArrayList<>();
            try (EntryClient c = new EntryClient(second.address())) {
                EntryClient.Login l = c.login(t.user, t.user + "pw", "", before.size() + 1);
                assertTrue(l.accepted());
                assertEquals(before.size() + 1, l.nextSequence());
                EntryClient.Packet p;
                while ((p = c.next(1500)) != null) unseen.add(p.wire());
                c.logout();
            }
            // Re-login from 1: every message received before the crash is there, byte for byte.
            try (EntryClient c = new EntryClient(second.address())) {
                assertTrue(c.login(t.user, t.user + "pw", "", 1).accepted());
                for (int i = 0; i < before.size(); i++) {
                    EntryClient.Packet p = c.next(10_000);
                    assertNotNull(p, t.user + " message " + (i + 1) + " missing after restart");
                    assertArrayEquals(before.get(i), p.wire(), t.user + " message " + (i + 1) + " changed");
                }
                for (int i = 0; i < unseen.size(); i++) {
                    EntryClient.Packet p = c.next(10_000);
                    assertNotNull(p);
                    assertArrayEquals(unseen.get(i), p.wire());
                }
                // Resting orders: every Accepted far from the market whose order has not been
                // cancelled or filled is cancellable with its original token.
                List<Long> resting = restingTokens(before, unseen);
                assertTrue(!resting.isEmpty(), t.user + " has resting orders");
                int n = Math.min(20, resting.size());
                for (int i = 0; i < n; i++) c.cancel(resting.get(i));
                for (int i = 0; i < n; i++) {
                    EntryClient.Packet p = c.next(10_000);
                    assertNotNull(p);
                    assertEquals(Wire.CANCELED, p.messageType(), "cancel of a resting order after restart: " + p);
                    assertEquals(resting.get(i), p.longAt(Wire.CAN_TOKEN));
                }
            } catch (EOFException | SocketException e) {
                throw new AssertionError(t.user + ": connection lost after restart", e);
            }
        }
    }

    /** Tokens of GTC orders accepted and neither executed to zero nor canceled, in acceptance order. */
    static List<Long> restingTokens(List<byte[]> a, List<byte[]> b) {
        java.util.LinkedHashMap<Long, Boolean> live = new java.util.LinkedHashMap<>();
        List<byte[]> all = new ArrayList<>(a);
        all.addAll(b);
        for (byte[] w : all) {
            EntryClient.Packet p = new EntryClient.Packet(w[2], java.util.Arrays.copyOfRange(w, 3, w.length));
            switch (p.messageType()) {
                case Wire.ACCEPTED -> live.put(p.longAt(Wire.ACC_TOKEN), true);
                case Wire.EXECUTED -> { if (p.longAt(Wire.EXE_LEAVES) == 0) live.remove(p.longAt(Wire.EXE_TOKEN)); }
                case Wire.CANCELED -> live.remove(p.longAt(Wire.CAN_TOKEN));
                default -> { }
            }
        }
        return new ArrayList<>(live.keySet());
    }
}
