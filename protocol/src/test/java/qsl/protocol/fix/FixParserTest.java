package qsl.protocol.fix;

import static org.junit.jupiter.api.Assertions.*;
import static qsl.protocol.fix.FixTestMessages.*;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FixParserTest {
    final FixParser p = new FixParser();
    final FixMessage m = new FixMessage();

    int parse(byte[] b) {
        return p.parse(seg(b), 0, b.length, m);
    }

    @Test
    void parsesAFrameAndReadsFields() {
        byte[] b = frame("35=D|49=C1|56=QSL|34=12|11=abc|44=101.25|38=100|54=1|");
        assertEquals(b.length, parse(b));
        assertEquals('D', m.msgType());
        assertEquals(12, m.getLong(34));
        assertEquals("abc", m.getString(11));
        assertEquals('1', m.getChar(54));
        assertEquals(10125, FixDecimal.toUnits(m, 44, 2));
        assertEquals(FixDecimal.OFF_GRID, FixDecimal.toUnits(m, 44, 1));
        assertEquals(FixMessage.MISSING, m.getLong(999));
        assertEquals(FixMessage.INVALID, m.getLong(11));
    }

    @Test
    void everyPrefixNeedsMore() {
        byte[] b = frame("35=0|49=C1|56=QSL|34=2|52=20260101-00:00:00.000|");
        for (int n = 0; n < b.length; n++) {
            assertEquals(FixParser.NEED_MORE, p.parse(seg(b), 0, n, m), "prefix " + n);
        }
        assertEquals(b.length, parse(b));
    }

    @Test
    void badCheckSumIsGarbledAndSkipsTheFrame() {
        byte[] b = frame("35=0|34=2|");
        b[b.length - 2] = (byte) (b[b.length - 2] == '9' ? '0' : b[b.length - 2] + 1);
        assertEquals(FixParser.ERROR, parse(b));
        assertEquals(FixError.BAD_CHECKSUM, p.errorReason());
        assertEquals(10, p.errorTag());
        assertTrue(FixError.isGarbled(p.errorReason()));
        assertEquals(b.length, p.errorSkip());
    }

    @Test
    void wrongBodyLengthIsGarbled() {
        String s = new String(frame("35=0|34=2|"), StandardCharsets.ISO_8859_1).replace("9=10", "9=11");
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(FixParser.ERROR, parse(b));
        assertEquals(FixError.BODY_LENGTH_MISMATCH, p.errorReason());
        assertEquals(9, p.errorTag());
    }

    @Test
    void wrongBeginStringResyncsToTheNextMessage() {
        byte[] good = frame("35=0|34=2|");
        byte[] bad = "8=FIX.4.2\u0001junk".getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[bad.length + good.length];
        System.arraycopy(bad, 0, all, 0, bad.length);
        System.arraycopy(good, 0, all, bad.length, good.length);
        assertEquals(FixParser.ERROR, parse(all));
        assertEquals(FixError.BAD_BEGIN_STRING, p.errorReason());
        assertEquals(8, p.errorTag());
        assertEquals(bad.length, p.errorSkip());
        assertEquals(good.length, p.parse(seg(all), p.errorSkip(), all.length - p.errorSkip(), m));
    }

    @Test
    void fieldErrorsNameTheTagAndKeepEarlierFields() {
        byte[] b = frame("35=D|34=7|44=|");
        assertEquals(FixParser.ERROR, parse(b));
        assertEquals(FixError.EMPTY_VALUE, p.errorReason());
        assertEquals(44, p.errorTag());
        assertFalse(FixError.isGarbled(p.errorReason()));
        assertEquals(7, m.getLong(34));

        assertEquals(FixParser.ERROR, parse(frame("35=D|34=7|x4=1|")));
        assertEquals(FixError.BAD_TAG, p.errorReason());
        assertEquals(FixParser.ERROR, parse(frame("34=7|35=D|")));
        assertEquals(FixError.MSG_TYPE_NOT_THIRD, p.errorReason());
        assertEquals(FixParser.ERROR, parse(frame("35=D|34=7|55|")));
        assertEquals(FixError.NO_EQUALS, p.errorReason());
        assertEquals(FixParser.ERROR, parse(frame("35=D|10=7|")));
        assertEquals(FixError.MISPLACED_HEADER, p.errorReason());
    }

    @Test
    void twoMessagesBackToBack() {
        byte[] a = frame("35=0|34=2|");
        byte[] c = frame("35=1|34=3|112=T|");
        byte[] all = new byte[a.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(c, 0, all, a.length, c.length);
        assertEquals(a.length, parse(all));
        assertEquals(c.length, p.parse(seg(all), a.length, all.length - a.length, m));
        assertEquals("T", m.getString(112));
    }

    @Test
    void encoderOutputParsesAndMatchesText() {
        FixEncoder e = new FixEncoder(MemorySegment.ofArray(new byte[FixEncoder.CAPACITY]));
        e.begin((byte) '8').putLong(34, 5).putBytes(49, "QSL".getBytes()).putDecimal(44, 10125, 2)
                .putDecimal(31, 10100, 2).putRatio(6, 30_350, 3, 2, 4).putTimestamp(52, 1_780_000_000_123L)
                .putChar(39, (byte) '1').finish();
        String t = text(e.buffer(), e.start(), e.length());
        assertTrue(t.startsWith("8=FIX.4.4|9="), t);
        assertTrue(t.contains("|44=101.25|31=101|6=101.166666|52=20260528-20:26:40.123|"), t);
        assertEquals(e.length(), p.parse(e.buffer(), e.start(), e.length(), m));
        assertArrayEquals(frame(t.substring(t.indexOf("35="), t.indexOf("10=")).replace('\u0001', '|')),
                t.replace('|', '\u0001').getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void decimals() {
        assertEquals(100, units("1", 2));
        assertEquals(150, units("1.5", 2));
        assertEquals(150, units("1.500000", 2));
        assertEquals(50, units(".5", 2));
        assertEquals(100, units("1.", 2));
        assertEquals(FixDecimal.OFF_GRID, units("1.501", 2));
        assertEquals(FixDecimal.INVALID, units("-1", 2));
        assertEquals(FixDecimal.INVALID, units("1.2.3", 2));
        assertEquals(FixDecimal.INVALID, units(".", 2));
        assertEquals(FixDecimal.INVALID, units("1e5", 2));
        assertEquals(FixDecimal.OVERFLOW, units("99999999999999999999", 0));
        assertEquals(FixDecimal.OVERFLOW, units("99999999999999999", 4));
        byte[] b = "101.25".getBytes();
        assertEquals(FixDecimal.OFF_GRID, FixDecimal.toTicks(seg(b), 0, b.length, 2, 10));
        assertEquals(10120, FixDecimal.toTicks(seg("101.2".getBytes()), 0, 5, 2, 10));
    }

    static long units(String s, int d) {
        byte[] b = s.getBytes();
        return FixDecimal.toUnits(seg(b), 0, b.length, d);
    }
}
