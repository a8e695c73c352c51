package qsl.gateway.fix;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import qsl.book.EngineConfig;
import qsl.book.MatchingEngine;
import qsl.book.SymbolSpec;
import qsl.protocol.fix.FixMessage;
import qsl.protocol.fix.FixParser;

/**
 * Session scripts without sockets: FIX sessions on a real {@link MatchingEngine} through a
 * {@link DirectVenue}, connections fed text and a manual clock, every outbound message
 * captured. '|' stands for SOH in all text.
 *
 * <p>Counterparties: C1 and C2 (no password), C3 (username u3, password p3). Our CompID: QSL.
 * Symbols: AAA (id 0, 2 decimals, tick 1), BBB (id 1, 2 decimals, tick 5).
 */
final class FixHarness {
    final DirectVenue venue = new DirectVenue(1 << 16);
    final MatchingEngine engine = new MatchingEngine(new EngineConfig(1 << 16, 4, 1024), venue.sink());
    final FixSymbols symbols = new FixSymbols().add("AAA", 0, 2, 1).add("BBB", 1, 2, 5);
    final FixSessions sessions;
    long now = 1_780_000_000_000L;

    FixHarness() {
        this(FixJournal.NONE);
    }

    FixHarness(FixJournal journal) {
        venue.engine(engine);
        engine.addSymbol(SymbolSpec.open(0, 10_000));
        engine.addSymbol(new SymbolSpec(1, 5, 1, 1_000_000_000L, Long.MAX_VALUE, 0, 10_000));
        sessions = new FixSessions("QSL", symbols, venue, journal, 1024, 1024, 1 << 20);
        add(FixSessionConfig.open("C1", 1));
        add(FixSessionConfig.open("C2", 2));
        add(new FixSessionConfig("C3", 3, "u3", "p3", true));
    }

    private void add(FixSessionConfig c) {
        FixSession s = sessions.add(c);
        venue.register(s.id, c.account(), s);
    }

    /** A captured connection. */
    final class Client implements FixLink {
        final String compId;
        final FixConnection conn;
        final Deque<String> received = new ArrayDeque<>();
        final List<String> all = new ArrayList<>();
        boolean closed;
        long seq = 1;

        Client(String compId) {
            this.compId = compId;
            this.conn = new FixConnection(sessions, this, now);
        }

        @Override
        public void send(MemorySegment s, long off, int len) {
            assertFalse(closed, "send after close");
            // Split into frames (a link may get one at a time; keep them separate for matching).
            byte[] b = s.asSlice(off, len).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            FixParser p = new FixParser();
            FixMessage m = new FixMessage();
            int n = p.parse(MemorySegment.ofArray(b), 0, b.length, m);
            assertEquals(b.length, n, "outbound frame must parse: " + text(b));
            received.add(text(b));
            all.add(text(b));
        }

        @Override
        public void close() {
            closed = true;
        }

        /** Sends raw text ('|' = SOH) as bytes. */
        Client raw(String text) {
            byte[] b = text.replace('|', '\u0001').getBytes(StandardCharsets.ISO_8859_1);
            conn.onBytes(MemorySegment.ofArray(b), 0, b.length, now);
            if (conn.closed()) closed = true;
            return this;
        }

        /** Sends a framed body. */
        Client frame(String body) {
            byte[] b = frameBytes(body);
            conn.onBytes(MemorySegment.ofArray(b), 0, b.length, now);
            if (conn.closed()) closed = true;
            return this;
        }

        /** Sends MsgType {@code type} with the standard header (next seq) and {@code fields}. */
        Client msg(String type, String fields) {
            return msgSeq(type, seq++, fields);
        }

        Client msgSeq(String type, long s, String fields) {
            return frame("35=" + type + "|49=" + compId + "|56=QSL|34=" + s + "|52=20260101-00:00:00.000|" + fields);
        }

        Client logon(String extra) {
            return msg("A", "98=0|108=30|" + extra);
        }

        /** The next captured outbound message; fails if none. */
        String next() {
            assertFalse(received.isEmpty(), "expected a message from the acceptor; got none");
            return received.poll();
        }

        /** Asserts the next message contains every {@code tag=value} of {@code pattern} ("tag=*": present, "tag=!": absent). */
        String expect(String pattern) {
            String m = next();
            assertMatches(m, pattern);
            return m;
        }

        void expectNothing() {
            assertTrue(received.isEmpty(), "unexpected: " + received);
        }

        void expectClosed() {
            assertTrue(closed, "connection should be closed");
        }

        void onClosed() {
            conn.onClosed();
        }

        /** Drops queued messages. */
        Client drain() {
            received.clear();
            return this;
        }
    }

    Client connect(String compId) {
        return new Client(compId);
    }

    /** A client logged on (default Logon) with the Logon answer consumed. */
    Client logged(String compId) {
        Client c = connect(compId);
        c.logon(compId.equals("C3") ? "553=u3|554=p3|" : "");
        c.expect("35=A");
        return c;
    }

    void advance(long millis) {
        now += millis;
        sessions.onTimer(now);
    }

    static void assertMatches(String m, String pattern) {
        for (String kv : pattern.split("\\|")) {
            if (kv.isEmpty()) continue;
            int eq = kv.indexOf('=');
            String tag = kv.substring(0, eq);
            String v = kv.substring(eq + 1);
            String actual = field(m, tag);
            if (v.equals("*")) assertNotNull(actual, "tag " + tag + " missing in " + m);
            else if (v.equals("!")) assertNull(actual, "tag " + tag + " present in " + m);
            else assertEquals(v, actual, "tag " + tag + " in " + m);
        }
    }

    /** The first value of {@code tag} in a '|' separated message, or null. */
    static String field(String m, String tag) {
        String key = "|" + tag + "=";
        String s = "|" + m;
        int i = s.indexOf(key);
        if (i < 0) return null;
        int from = i + key.length();
        int to = s.indexOf('|', from);
        return s.substring(from, to);
    }

    static byte[] frameBytes(String body) {
        String b = body.replace('|', '\u0001');
        String pre = "8=FIX.4.4\u00019=" + b.length() + "\u0001" + b;
        int sum = 0;
        for (byte x : pre.getBytes(StandardCharsets.ISO_8859_1)) sum += x & 0xFF;
        return (pre + String.format("10=%03d\u0001", sum & 0xFF)).getBytes(StandardCharsets.ISO_8859_1);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1).replace('\u0001', '|');
    }
}
