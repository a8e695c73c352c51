package qsl.gateway.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import quickfix.Application;
import quickfix.DefaultMessageFactory;
import quickfix.MemoryStoreFactory;
import quickfix.Message;
import quickfix.ScreenLogFactory;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.SocketInitiator;
import quickfix.field.ClOrdID;
import quickfix.field.ExecType;
import quickfix.field.MsgType;
import quickfix.field.OrdType;
import quickfix.field.OrderQty;
import quickfix.field.Price;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.field.TimeInForce;
import quickfix.field.TransactTime;
import quickfix.fix44.NewOrderSingle;

/**
 * A QuickFIX/J initiator (the real counterparty): one session {@code sender -> QSL}, every
 * application and administrative message it receives queued for the test.
 */
final class QfjClient implements Application, AutoCloseable {
    final SessionID id;
    final SocketInitiator initiator;
    final BlockingQueue<Message> app = new LinkedBlockingQueue<>();
    final BlockingQueue<Message> admin = new LinkedBlockingQueue<>();
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    QfjClient(String sender, int port, int heartBtInt) throws Exception {
        id = new SessionID("FIX.4.4", sender, "QSL");
        SessionSettings s = new SessionSettings();
        s.setString("ConnectionType", "initiator");
        s.setString("StartTime", "00:00:00");
        s.setString("EndTime", "00:00:00");
        s.setString("UseDataDictionary", "Y");
        s.setString("ValidateUserDefinedFields", "N");
        s.setString(id, "BeginString", "FIX.4.4");
        s.setString(id, "SenderCompID", sender);
        s.setString(id, "TargetCompID", "QSL");
        s.setString(id, "SocketConnectHost", "127.0.0.1");
        s.setLong(id, "SocketConnectPort", port);
        s.setLong(id, "HeartBtInt", heartBtInt);
        s.setLong(id, "ReconnectInterval", 1);
        // A loaded 2-core CI machine can take longer than QuickFIX/J's 10 s default to answer the
        // Logon of a node JVM that has just started; a timed-out Logon is retried with the next
        // sequence number, which a test that checks the numbers continue would read as a gap.
        s.setLong(id, "LogonTimeout", 60);
        initiator = new SocketInitiator(this, new MemoryStoreFactory(), s, new ScreenLogFactory(false, false, false),
                new DefaultMessageFactory());
        initiator.start();
    }

    Session session() {
        return Session.lookupSession(id);
    }

    boolean awaitLogon(long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            Session s = session();
            if (s != null && s.isLoggedOn()) return true;
            Thread.sleep(20);
        }
        return false;
    }

    void send(Message m) {
        if (!session().send(m)) throw new IllegalStateException("QuickFIX/J refused to queue " + m);
    }

    /** The next application message (fails after 30 s: generous for a loaded machine). */
    Message next() throws Exception {
        Message m = app.poll(30, TimeUnit.SECONDS);
        if (m == null) throw new AssertionError("no application message from the acceptor within 30 s");
        return m;
    }

    /** The next administrative message of type {@code type}, skipping others (fails after {@code millis}). */
    Message nextAdmin(String type, long millis) throws Exception {
        long end = System.currentTimeMillis() + millis;
        while (true) {
            long left = end - System.currentTimeMillis();
            Message m = admin.poll(Math.max(1, left), TimeUnit.MILLISECONDS);
            if (m == null) throw new AssertionError("no " + type + " within " + millis + " ms");
            if (m.getHeader().getString(MsgType.FIELD).equals(type)) return m;
        }
    }

    @Override public void onCreate(SessionID sessionId) {}
    @Override public void onLogon(SessionID sessionId) { events.add("logon"); }
    @Override public void onLogout(SessionID sessionId) { events.add("logout"); }
    @Override public void toAdmin(Message message, SessionID sessionId) {}
    @Override public void fromAdmin(Message message, SessionID sessionId) { admin.add(message); }
    @Override public void toApp(Message message, SessionID sessionId) {}
    @Override public void fromApp(Message message, SessionID sessionId) { app.add(message); }

    @Override
    public void close() {
        initiator.stop(true);
    }

    /** The next application message of {@code c}, which must be an ExecutionReport of {@code execType} for {@code clOrdId}. */
    static Message expect(QfjClient c, char execType, String clOrdId) throws Exception {
        Message m = c.next();
        assertEquals(MsgType.EXECUTION_REPORT, m.getHeader().getString(MsgType.FIELD), m.toString());
        assertEquals(execType, m.getChar(ExecType.FIELD), m.toString());
        assertEquals(clOrdId, m.getString(ClOrdID.FIELD), m.toString());
        return m;
    }

    /** A NewOrderSingle: a limit order for AAPL. */
    static NewOrderSingle limit(String id, char side, double qty, double px, char tif) {
        NewOrderSingle o = new NewOrderSingle(new ClOrdID(id), new Side(side), new TransactTime(), new OrdType(OrdType.LIMIT));
        o.set(new Symbol("AAPL"));
        o.set(new OrderQty(qty));
        o.set(new Price(px));
        o.set(new TimeInForce(tif));
        return o;
    }
}
