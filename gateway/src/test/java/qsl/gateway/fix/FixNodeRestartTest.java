package qsl.gateway.fix;

import static org.junit.jupiter.api.Assertions.*;
import static qsl.gateway.fix.QfjClient.expect;
import static qsl.gateway.fix.QfjClient.limit;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import qsl.gateway.entry.EntryClient;
import qsl.gateway.entry.Wire;
import qsl.perf.alloc.ChildJvm;
import quickfix.Message;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.ExecType;
import quickfix.field.LeavesQty;
import quickfix.field.MsgType;
import quickfix.field.OrdType;
import quickfix.field.OrderQty;
import quickfix.field.OrigClOrdID;
import quickfix.field.Price;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.field.TimeInForce;
import quickfix.field.TransactTime;
import quickfix.fix44.OrderCancelReplaceRequest;
import quickfix.fix44.OrderCancelRequest;

/**
 * The node in a process of its own, killed with SIGKILL and restarted on the same directory and
 * port: the QuickFIX/J sessions reconnect on their own, both sides continue their sequence
 * numbers (a reset would end in a Logout), every acknowledged order is still there under its
 * ClOrdID with its fills, and trading continues. Also: FIX and SoupBinTCP sessions on one book.
 */
@Timeout(120)
class FixNodeRestartTest {

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static Process startNode(Path data, int port) throws Exception {
        List<String> cmd = ChildJvm.command(FixNodeProcess.class, List.of("-Xmx512m"), List.of(data.toString(), Integer.toString(port)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
        long end = System.currentTimeMillis() + 30_000;
        String line;
        while ((line = r.readLine()) != null) {
            if (line.startsWith("READY")) break;
            if (System.currentTimeMillis() > end) break;
        }
        assertNotNull(line, "node process ended before READY");
        assertTrue(line.startsWith("READY"), line);
        Thread drain = new Thread(() -> {
            try {
                while (r.readLine() != null) { /* keep the pipe empty */ }
            } catch (Exception ignored) {
                // process gone
            }
        });
        drain.setDaemon(true);
        drain.start();
        return p;
    }

    @Test
    void killedAndRestartedNodeContinuesSessionsAndLosesNoAcknowledgedOrder() throws Exception {
        Path dir = Files.createTempDirectory("qsl-fix-restart-");
        Path data = dir.resolve("data");
        int port = freePort();
        Process node = startNode(data, port);
        try (QfjClient alice = new QfjClient("alice", port, 30); QfjClient bob = new QfjClient("bob", port, 30)) {
            assertTrue(alice.awaitLogon(15_000));
            assertTrue(bob.awaitLogon(15_000));
            alice.send(limit("a1", Side.BUY, 100, 100, TimeInForce.GOOD_TILL_CANCEL));
            expect(alice, ExecType.NEW, "a1");
            alice.send(limit("a2", Side.BUY, 10, 99, TimeInForce.GOOD_TILL_CANCEL));
            expect(alice, ExecType.NEW, "a2");
            bob.send(limit("b1", Side.SELL, 30, 100, TimeInForce.IMMEDIATE_OR_CANCEL));
            expect(bob, ExecType.NEW, "b1");
            expect(bob, ExecType.TRADE, "b1");
            Message fill = expect(alice, ExecType.TRADE, "a1");
            assertEquals(70, fill.getDouble(LeavesQty.FIELD));
            int aliceOut = alice.session().getExpectedSenderNum();
            int aliceIn = alice.session().getExpectedTargetNum();

            node.destroyForcibly(); // SIGKILL
            assertTrue(node.waitFor(10, TimeUnit.SECONDS));
            long end = System.currentTimeMillis() + 10_000;
            while (alice.session().isLoggedOn() && System.currentTimeMillis() < end) Thread.sleep(20);
            assertFalse(alice.session().isLoggedOn());

            node = startNode(data, port);
            assertTrue(alice.awaitLogon(20_000), "alice did not log on again");
            assertTrue(bob.awaitLogon(20_000), "bob did not log on again");
            // Both directions continued: the Logons took the next numbers, nothing was reset.
            assertEquals(aliceOut + 1, alice.session().getExpectedSenderNum());
            assertEquals(aliceIn + 1, alice.session().getExpectedTargetNum());

            // a1 is still there with its fill, under its ClOrdID: replace to a total of 80 leaves 50 open.
            OrderCancelReplaceRequest r = new OrderCancelReplaceRequest(new OrigClOrdID("a1"), new ClOrdID("a1r"),
                    new Side(Side.BUY), new TransactTime(), new OrdType(OrdType.LIMIT));
            r.set(new Symbol("AAPL"));
            r.set(new OrderQty(80));
            r.set(new Price(100));
            alice.send(r);
            Message rep = expect(alice, ExecType.REPLACED, "a1r");
            assertEquals(50, rep.getDouble(LeavesQty.FIELD));
            assertEquals(30, rep.getDouble(CumQty.FIELD));
            OrderCancelRequest c = new OrderCancelRequest(new OrigClOrdID("a2"), new ClOrdID("c2"), new Side(Side.BUY), new TransactTime());
            c.set(new Symbol("AAPL"));
            alice.send(c);
            expect(alice, ExecType.CANCELED, "c2");
            bob.send(limit("b2", Side.SELL, 50, 100, TimeInForce.IMMEDIATE_OR_CANCEL));
            expect(bob, ExecType.NEW, "b2");
            expect(bob, ExecType.TRADE, "b2");
            Message last = expect(alice, ExecType.TRADE, "a1r");
            assertEquals(80, last.getDouble(CumQty.FIELD));
            assertEquals(0, last.getDouble(LeavesQty.FIELD));
        } finally {
            node.destroyForcibly();
            node.waitFor(10, TimeUnit.SECONDS);
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void fixAndBinarySessionsTradeOnOneBook() throws Exception {
        try (FixNodeFixture f = new FixNodeFixture().start(0);
             QfjClient alice = new QfjClient("alice", f.fixPort(), 30);
             EntryClient bob = new EntryClient(new InetSocketAddress("127.0.0.1", f.soupPort()))) {
            assertTrue(alice.awaitLogon(10_000));
            assertTrue(bob.login("bob", "bobpw", "", 1).accepted());
            alice.send(limit("a1", Side.BUY, 100, 101.25, TimeInForce.DAY));
            expect(alice, ExecType.NEW, "a1");
            bob.enter(7, "AAPL", 'S', 'L', 'G', 10_100, 60); // 101.00 in price units of 0.01
            assertEquals(Wire.ACCEPTED, bob.next(5000).messageType());
            EntryClient.Packet exe = bob.next(5000);
            assertEquals(Wire.EXECUTED, exe.messageType());
            assertEquals(10_125, exe.longAt(Wire.EXE_PRICE), "the FIX maker's price");
            Message fill = expect(alice, ExecType.TRADE, "a1");
            assertEquals(101.25, fill.getDouble(quickfix.field.LastPx.FIELD));
            assertEquals(40, fill.getDouble(LeavesQty.FIELD));
            // And the other way: a binary maker, a FIX taker.
            bob.enter(8, "AAPL", 'S', 'L', 'G', 10_200, 5);
            assertEquals(Wire.ACCEPTED, bob.next(5000).messageType());
            alice.send(limit("a2", Side.BUY, 5, 103, TimeInForce.IMMEDIATE_OR_CANCEL));
            expect(alice, ExecType.NEW, "a2");
            Message take = expect(alice, ExecType.TRADE, "a2");
            assertEquals(102.0, take.getDouble(quickfix.field.LastPx.FIELD));
            assertEquals(Wire.EXECUTED, bob.next(5000).messageType());
        }
    }
}
