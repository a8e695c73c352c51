package qsl.protocol.fix;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Feeds the parser mutated, re-checksummed, truncated, concatenated and random inputs: 100,000
 * by default, 10,000,000 with {@code -Dqsl.fuzz=long}. Every input must give a message, need
 * more, or a typed error, and draining a stream by the parser's own answers must terminate.
 */
class FixParserFuzzTest {
    static final String[] BODIES = {
        "35=A|49=CLIENT1|56=QSL|34=1|52=20260101-12:00:00.000|98=0|108=30|141=Y|553=u|554=p|",
        "35=D|49=CLIENT1|56=QSL|34=2|52=20260101-12:00:00.000|11=ord-1|55=AAPL|54=1|38=100|40=2|44=101.25|59=0|60=20260101-12:00:00.000|",
        "35=F|49=CLIENT1|56=QSL|34=3|52=20260101-12:00:00.000|11=c-1|41=ord-1|55=AAPL|54=1|",
        "35=G|49=CLIENT1|56=QSL|34=4|52=20260101-12:00:00.000|11=r-1|41=ord-1|55=AAPL|54=1|38=50|40=2|44=101.5|",
        "35=2|49=CLIENT1|56=QSL|34=5|7=1|16=0|",
        "35=4|49=CLIENT1|56=QSL|34=6|43=Y|123=Y|36=9|",
        "35=8|49=QSL|56=CLIENT1|34=7|37=1|17=9|150=F|39=1|55=AAPL|54=1|151=50|14=50|6=101.25|31=101.25|32=50|",
    };

    static long inputs() {
        return "long".equals(System.getProperty("qsl.fuzz")) ? 10_000_000L : 100_000L;
    }

    @Test
    void totalOnEveryInput() {
        long n = inputs();
        SplittableRandom r = new SplittableRandom(0x5eed_f1c5L);
        byte[][] frames = new byte[BODIES.length][];
        for (int i = 0; i < BODIES.length; i++) frames[i] = FixTestMessages.frame(BODIES[i]);
        byte[] buf = new byte[4096];
        MemorySegment seg = MemorySegment.ofArray(buf);
        FixParser p = new FixParser();
        FixMessage m = new FixMessage();
        long messages = 0, errors = 0, needMore = 0;
        for (long k = 0; k < n; k++) {
            int len = build(r, frames, buf);
            long at = 0;
            int steps = 0;
            while (at < len) {
                int res = p.parse(seg, at, len - at, m);
                steps++;
                if (res > 0) {
                    assertTrue(res <= len - at);
                    for (int f = 0; f < m.count(); f++) {
                        assertTrue(m.valueOffset(f) >= at && m.valueOffset(f) + m.valueLength(f) <= at + res);
                        assertTrue(m.tag(f) > 0);
                    }
                    assertEquals('8', buf[(int) at]);
                    messages++;
                    at += res;
                } else if (res == FixParser.NEED_MORE) {
                    needMore++;
                    break;
                } else {
                    assertEquals(FixParser.ERROR, res);
                    assertTrue(p.errorSkip() >= 1 && p.errorSkip() <= len - at, "skip " + p.errorSkip());
                    assertTrue(p.errorReason() > 0);
                    errors++;
                    at += p.errorSkip();
                }
                assertTrue(steps <= len + 1);
            }
        }
        System.out.println("FixParserFuzzTest: " + n + " inputs: " + messages + " messages, " + errors + " typed errors, "
                + needMore + " need-more");
        assertTrue(messages > n / 20 && errors > n / 20 && needMore > n / 50,
                "messages " + messages + " errors " + errors + " needMore " + needMore);
    }

    /** One fuzz input in {@code buf}; returns its length. */
    static int build(SplittableRandom r, byte[][] frames, byte[] buf) {
        int kind = r.nextInt(6);
        if (kind == 0) { // random bytes, biased to FIX's alphabet
            int len = r.nextInt(200);
            for (int i = 0; i < len; i++) buf[i] = pick(r);
            return len;
        }
        int len = 0;
        int parts = 1 + r.nextInt(3);
        for (int k = 0; k < parts; k++) {
            byte[] f = frames[r.nextInt(frames.length)];
            System.arraycopy(f, 0, buf, len, f.length);
            len += f.length;
        }
        int mutations = kind == 1 ? 0 : 1 + r.nextInt(4);
        for (int k = 0; k < mutations && len > 0; k++) {
            int at = r.nextInt(len);
            switch (r.nextInt(4)) {
                case 0 -> buf[at] = pick(r);
                case 1 -> { System.arraycopy(buf, at + 1, buf, at, len - at - 1); len--; }
                case 2 -> { if (len < buf.length - 1) { System.arraycopy(buf, at, buf, at + 1, len - at); buf[at] = pick(r); len++; } }
                default -> buf[at] = (byte) r.nextInt(256);
            }
        }
        if (kind == 3 && parts == 1) len = refit(buf, len); // fix BodyLength and CheckSum around a mutated body
        if (kind == 4) len = r.nextInt(len + 1); // truncated
        return len;
    }

    /** Recomputes BodyLength and CheckSum of a mutated single frame so the field checks run. */
    static int refit(byte[] buf, int len) {
        String s = new String(buf, 0, len, StandardCharsets.ISO_8859_1);
        int b = s.indexOf("\u000135=");
        int t = s.lastIndexOf("10=");
        if (b < 0 || t <= b) return len;
        byte[] f = FixTestMessages.frame(s.substring(b + 1, t).replace('\u0001', '|'));
        if (f.length > buf.length) return len;
        System.arraycopy(f, 0, buf, 0, f.length);
        return f.length;
    }

    static byte pick(SplittableRandom r) {
        return switch (r.nextInt(5)) {
            case 0 -> 1;
            case 1 -> '=';
            case 2 -> (byte) ('0' + r.nextInt(10));
            case 3 -> (byte) "8FIX.49AD".charAt(r.nextInt(9));
            default -> (byte) r.nextInt(256);
        };
    }
}
