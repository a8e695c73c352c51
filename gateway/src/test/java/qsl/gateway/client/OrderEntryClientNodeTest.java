package qsl.gateway.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import qsl.gateway.Accounts;
import qsl.gateway.Node;
import qsl.gateway.NodeConfig;
import qsl.protocol.entry.EntryCodes;
import qsl.protocol.entry.Symbols;
import qsl.wal.DurabilityMode;

/**
 * The client against a real in-process node on 127.0.0.1: two sessions cross, a cancel, then
 * the node stops and starts again on the same directory and both clients reconnect with their
 * next expected sequence numbers: no response missed, none repeated, and a fresh login from 1
 * replays the same stream.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OrderEntryClientNodeTest {
    private static final long AAPL = Symbols.key("AAPL");
    private static final long WAIT = 20_000;
    private final Path dir;
    private Node node;

    OrderEntryClientNodeTest() throws IOException {
        dir = Files.createTempDirectory("qsl-client-node-");
    }

    private Node start() throws IOException {
        NodeConfig c = NodeConfig.defaults(dir.resolve("data")).withPort(0).withDurability(DurabilityMode.BATCH).withPin(false);
        node = new Node.Builder(c).accounts(Accounts.parse(List.of("alice 1 alicepw", "bob 2 bobpw"), "test"))
                .log(new PrintStream(OutputStream.nullOutputStream())).start();
        return node;
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (node != null) node.close();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    @Test
    void crossCancelRestartAndResume() throws IOException {
        start();
        OrderEntryClientTest.Recorder a = new OrderEntryClientTest.Recorder();
        OrderEntryClientTest.Recorder b = new OrderEntryClientTest.Recorder();
        try (OrderEntryClient alice = new OrderEntryClient(a); OrderEntryClient bob = new OrderEntryClient(b)) {
            alice.connect("127.0.0.1", node.address().getPort());
            assertTrue(alice.login("alice", "alicepw", "", 1, WAIT));
            bob.connect("127.0.0.1", node.address().getPort());
            assertTrue(bob.login("bob", "bobpw", "", 1, WAIT));

            alice.enterOrder(11, AAPL, EntryCodes.SIDE_BUY, EntryCodes.TYPE_LIMIT, EntryCodes.TIF_GTC, 10_000, 100);
            assertTrue(alice.awaitSequence(1, WAIT));
            bob.enterOrder(21, AAPL, EntryCodes.SIDE_SELL, EntryCodes.TYPE_LIMIT, EntryCodes.TIF_GTC, 9_990, 40);
            assertTrue(bob.awaitSequence(2, WAIT));
            assertTrue(alice.awaitSequence(2, WAIT));
            alice.cancelOrder(11);
            assertTrue(alice.awaitSequence(3, WAIT));

            assertEquals(4, alice.nextExpectedSequence());
            assertEquals(3, bob.nextExpectedSequence());
            assertTrue(a.events.get(0).startsWith("1 A 11 "), a.events.toString());
            assertTrue(a.events.get(1).startsWith("2 E 11 "), a.events.toString());
            assertTrue(a.events.get(1).endsWith(" 10000 40 60 A"), "maker's price, 60 left, added: " + a.events);
            assertTrue(a.events.get(2).startsWith("3 C 11 ") && a.events.get(2).endsWith(" 60 0"), a.events.toString());
            assertTrue(b.events.get(0).startsWith("1 A 21 "), b.events.toString());
            assertTrue(b.events.get(1).startsWith("2 E 21 ") && b.events.get(1).endsWith(" 10000 40 0 R"), b.events.toString());

            // the node stops and starts again on the same directory
            node.close();
            node = null;
            start();
            int port = node.address().getPort();
            alice.connect("127.0.0.1", port);
            assertTrue(alice.login("alice", "alicepw", alice.session(), alice.nextExpectedSequence(), WAIT));
            bob.connect("127.0.0.1", port);
            assertTrue(bob.login("bob", "bobpw", "", bob.nextExpectedSequence(), WAIT));
            assertEquals(4, alice.nextExpectedSequence());
            assertEquals(3, bob.nextExpectedSequence());

            bob.enterOrder(22, AAPL, EntryCodes.SIDE_SELL, EntryCodes.TYPE_LIMIT, EntryCodes.TIF_GTC, 10_050, 5);
            assertTrue(bob.awaitSequence(3, WAIT));
            bob.cancelOrder(22);
            assertTrue(bob.awaitSequence(4, WAIT));
            assertEquals(List.of("1", "2", "3", "4"), b.events.stream().map(e -> e.substring(0, e.indexOf(' '))).toList(),
                    b.events.toString());
            assertEquals(3, a.events.size(), "alice got nothing twice: " + a.events);
        }
        // a fresh login from 1 replays alice's stream as it was first received
        OrderEntryClientTest.Recorder again = new OrderEntryClientTest.Recorder();
        try (OrderEntryClient alice2 = new OrderEntryClient(again)) {
            alice2.connect("127.0.0.1", node.address().getPort());
            assertTrue(alice2.login("alice", "alicepw", "", 1, WAIT));
            assertTrue(alice2.awaitSequence(3, WAIT));
            assertEquals(a.events, again.events);
        }
    }
}
