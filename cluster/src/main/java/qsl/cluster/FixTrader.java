package qsl.cluster;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import quickfix.Application;
import quickfix.DefaultMessageFactory;
import quickfix.FieldNotFound;
import quickfix.MemoryStoreFactory;
import quickfix.Message;
import quickfix.ScreenLogFactory;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.SocketInitiator;
import quickfix.field.ClOrdID;
import quickfix.field.OrdType;
import quickfix.field.OrderQty;
import quickfix.field.Price;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.field.TimeInForce;
import quickfix.field.TransactTime;
import quickfix.fix44.NewOrderSingle;

/**
 * A QuickFIX/J initiator for a clustered venue: one session {@code sender -> QSL} that knows
 * every member's FIX port and, when its connection drops, reconnects to the next one (QuickFIX/J
 * rotates through {@code SocketConnectPort<n>}) and logs on with its own sequence numbers, which
 * it keeps in memory. Every application message it receives is queued for the test.
 */
final class FixTrader implements Application, AutoCloseable {
    final SessionID id;
    final SocketInitiator initiator;
    final BlockingQueue<Message> app = new LinkedBlockingQueue<>();
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    /**
     * @param ports the members' FIX ports on 127.0.0.1, tried in this order
     * @param dictionary whether QuickFIX/J validates messages against its FIX 4.4 dictionary
     * @param events whether QuickFIX/J prints its session events (logons, resends, disconnects) to stdout
     */
    FixTrader(String sender, List<Integer> ports, boolean dictionary, boolean events) throws Exception {
        id = new SessionID("FIX.4.4", sender, "QSL");
        SessionSettings s = new SessionSettings();
        s.setString("ConnectionType", "initiator");
        s.setString("StartTime", "00:00:00");
        s.setString("EndTime", "00:00:00");
        s.setString("UseDataDictionary", dictionary ? "Y" : "N");
        s.setString("ValidateUserDefinedFields", "N");
        s.setString(id, "BeginString", "FIX.4.4");
        s.setString(id, "SenderCompID", sender);
        s.setString(id, "TargetCompID", "QSL");
        s.setString(id, "SocketConnectHost", "127.0.0.1");
        s.setLong(id, "SocketConnectPort", ports.get(0));
        for (int i = 1; i < ports.size(); i++) {
            s.setString(id, "SocketConnectHost" + i, "127.0.0.1");
            s.setLong(id, "SocketConnectPort" + i, ports.get(i));
        }
        s.setLong(id, "HeartBtInt", 5);
        s.setLong(id, "ReconnectInterval", 1);
        // A Logon is answered only once the cluster has committed it: on a loaded 2-core machine,
        // and during an election, that can take longer than QuickFIX/J's 10 s default.
        s.setLong(id, "LogonTimeout", 120);
        initiator = new SocketInitiator(this, new MemoryStoreFactory(), s, new ScreenLogFactory(false, false, events),
                new DefaultMessageFactory());
        initiator.start();
    }

    Session session() {
        return Session.lookupSession(id);
    }

    boolean loggedOn() {
        Session s = session();
        return s != null && s.isLoggedOn();
    }

    void send(Message m) {
        if (!session().send(m)) throw new IllegalStateException("QuickFIX/J refused to queue " + m);
    }

    /** A GTC limit order for AAPL. */
    static NewOrderSingle limit(String clOrdId, char side, double qty, double px) {
        NewOrderSingle o = new NewOrderSingle(new ClOrdID(clOrdId), new Side(side), new TransactTime(), new OrdType(OrdType.LIMIT));
        o.set(new Symbol("AAPL"));
        o.set(new OrderQty(qty));
        o.set(new Price(px));
        o.set(new TimeInForce(TimeInForce.GOOD_TILL_CANCEL));
        return o;
    }

    /** The next application message, or an AssertionError after {@code millis}. */
    Message next(long millis) throws InterruptedException {
        Message m = app.poll(millis, TimeUnit.MILLISECONDS);
        if (m == null) throw new AssertionError("no application message from the venue within " + millis + " ms");
        return m;
    }

    static String field(Message m, int tag) {
        try {
            return m.isSetField(tag) ? m.getString(tag) : m.getHeader().getString(tag);
        } catch (FieldNotFound e) {
            return null;
        }
    }

    @Override public void onCreate(SessionID sessionId) {}
    @Override public void onLogon(SessionID sessionId) { events.add("logon"); }
    @Override public void onLogout(SessionID sessionId) { events.add("logout"); }
    @Override public void toAdmin(Message message, SessionID sessionId) {}
    @Override public void fromAdmin(Message message, SessionID sessionId) {}
    @Override public void toApp(Message message, SessionID sessionId) {}
    @Override public void fromApp(Message message, SessionID sessionId) { app.add(message); }

    @Override
    public void close() {
        initiator.stop(true);
    }
}
