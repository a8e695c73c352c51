package qsl.gateway.fix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The FIX sessions' state codec ({@link FixState}): sessions with live orders, a pending replace,
 * kept messages and bound connections restore into fresh sessions that encode to the same bytes
 * and answer a ResendRequest with the same bytes; a total decoder under flipped, truncated and
 * random bytes (a typed error or a restore, never an exception).
 */
class FixStateTest {
    private static final int FUZZ = Boolean.getBoolean("qsl.fuzz.long") || "long".equals(System.getProperty("qsl.fuzz")) ? 10_000_000 : 100_000;

    /** A link that records what it is given. */
    static final class Capture implements FixLink {
        final List<String> sent = new ArrayList<>();
        boolean closed;

        @Override
        public void send(MemorySegment s, long off, int len) {
            sent.add(FixHarness.text(s.asSlice(off, len).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)));
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static final class Sample {
        final FixHarness h = new FixHarness();
        final FixHarness.Client c1 = h.logged("C1");
        final FixHarness.Client c2 = h.logged("C2");
        final Map<FixLink, Long> ids = new IdentityHashMap<>();

        Sample() {
            c1.msg("D", "11=a1|55=AAA|54=2|38=10|40=2|44=101|59=1|").expect("150=0");
            c1.msg("D", "11=a2|55=BBB|54=1|38=7|40=2|44=50|59=1|").expect("150=0");
            c2.msg("D", "11=b1|55=AAA|54=1|38=4|40=2|44=101|59=1|").expect("150=0");
            c1.msg("G", "11=a3|41=a2|55=BBB|54=1|38=9|40=2|44=55|").drain();
            c1.msg("D", "11=a4|55=AAA|54=2|38=3|40=2|44=120|59=1|").drain();
            c1.msg("F", "11=a5|41=a4|55=AAA|54=2|").drain();
            ids.put(c1, 41L << 32 | 1);
            ids.put(c2, 41L << 32 | 2);
        }

        byte[] encode() {
            return FixState.encode(h.sessions, new FixConnection[] {c1.conn, c2.conn}, 2, l -> ids.get(l));
        }
    }

    private static FixSessions fresh(FixHarness like) {
        FixSessions s = new FixSessions("QSL", like.symbols, like.venue, FixJournal.NONE, 1024, 1024, 1 << 20);
        s.add(FixSessionConfig.open("C1", 1));
        s.add(FixSessionConfig.open("C2", 2));
        s.add(new FixSessionConfig("C3", 3, "u3", "p3", true));
        return s;
    }

    @Test
    void restoredSessionsEncodeTheSameAndResendTheSameBytes() {
        Sample a = new Sample();
        byte[] bytes = a.encode();
        FixSessions into = fresh(a.h);
        Map<Long, Capture> links = new HashMap<>();
        FixState.Restored r = FixState.restore(bytes, into, id -> links.computeIfAbsent(id, k -> new Capture()));
        FixState.Restored.Ok ok = assertInstanceOf(FixState.Restored.Ok.class, r);
        assertEquals(2, ok.connections().length);
        Map<FixLink, Long> ids = new IdentityHashMap<>();
        links.forEach((id, l) -> ids.put(l, id));
        assertArrayEquals(bytes, FixState.encode(into, ok.connections(), 2, l -> ids.get(l)), "a restored state encodes differently");
        assertEquals(a.h.sessions.get(0).liveOrders(), into.get(0).liveOrders());
        assertTrue(into.get(0).loggedOn());

        // The same ResendRequest on both: the same resent messages and gap fills, byte for byte.
        String resend = "35=2|49=C1|56=QSL|34=" + a.c1.seq + "|52=20260101-00:00:00.000|7=1|16=0|";
        a.c1.frame(resend);
        byte[] frame = FixHarness.frameBytes(resend);
        ok.connections()[0].onBytes(MemorySegment.ofArray(frame), 0, frame.length, a.h.now);
        List<String> expected = new ArrayList<>(a.c1.received);
        assertTrue(expected.size() > 3, "resent messages: " + expected);
        assertEquals(expected, links.get(41L << 32 | 1).sent);
    }

    @Test
    void malformedStatesGiveATypedErrorNeverAnException() {
        Sample a = new Sample();
        byte[] good = a.encode();
        FixSessions into = fresh(a.h);
        SplittableRandom r = new SplittableRandom(11);
        int rejected = 0;
        for (int i = 0; i < FUZZ; i++) {
            byte[] b;
            switch (i % 3) {
                case 0 -> {
                    b = good.clone();
                    for (int k = 1 + r.nextInt(4); k > 0; k--) b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
                }
                case 1 -> b = java.util.Arrays.copyOf(good, r.nextInt(good.length));
                default -> {
                    b = new byte[r.nextInt(400)];
                    r.nextBytes(b);
                    if (b.length >= 8) System.arraycopy(good, 0, b, 0, 8);
                }
            }
            FixState.Restored res = FixState.restore(b, into, id -> new Capture());
            assertNotNull(res);
            if (res instanceof FixState.Restored.Malformed) rejected++;
        }
        assertTrue(rejected > FUZZ / 2, "damaged states rejected: " + rejected);
    }
}
