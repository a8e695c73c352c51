package qsl.protocol.fix;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.*;
import net.jqwik.api.constraints.*;

/** Round trips: what the encoder writes, the parser reads back field for field. */
class FixCodecProperties {
    final FixEncoder e = new FixEncoder(MemorySegment.ofArray(new byte[FixEncoder.CAPACITY]));
    final FixParser p = new FixParser();
    final FixMessage m = new FixMessage();

    @Property(tries = 2000)
    void longsAndStringsRoundTrip(@ForAll @IntRange(min = 1, max = 100_000) int seq,
                                  @ForAll @LongRange(min = 0, max = 999_999_999_999_999_999L) long v,
                                  @ForAll @AlphaChars @NumericChars @StringLength(min = 1, max = 40) String id,
                                  @ForAll @CharRange(from = '0', to = 'Z') char c,
                                  @ForAll @LongRange(min = 0, max = 4_102_444_800_000L) long millis) {
        e.begin((byte) 'D').putLong(34, seq).putBytes(11, id.getBytes(StandardCharsets.US_ASCII))
                .putLong(38, v).putChar(54, (byte) c).putTimestamp(52, millis).finish();
        assertEquals(e.length(), p.parse(e.buffer(), e.start(), e.length(), m));
        assertEquals('D', m.msgType());
        assertEquals(seq, m.getLong(34));
        assertEquals(v, m.getLong(38));
        assertEquals(id, m.getString(11));
        assertEquals((byte) c, m.getChar(54));
        String ts = m.getString(52);
        assertEquals(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HH:mm:ss.SSS")
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.ofEpochMilli(millis)), ts);
    }

    @Property(tries = 2000)
    void decimalsRoundTrip(@ForAll @LongRange(min = 0, max = 1_000_000_000_000_000L) long units,
                           @ForAll @IntRange(min = 0, max = 8) int decimals) {
        e.begin((byte) 'D').putDecimal(44, units, decimals).finish();
        assertEquals(e.length(), p.parse(e.buffer(), e.start(), e.length(), m));
        assertEquals(units, FixDecimal.toUnits(m, 44, decimals));
        assertEquals(new java.math.BigDecimal(units).movePointLeft(decimals).stripTrailingZeros(),
                new java.math.BigDecimal(m.getString(44)).stripTrailingZeros());
    }

    @Property(tries = 2000)
    void ratiosAreTruncatedExactly(@ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long num,
                                   @ForAll @LongRange(min = 1, max = 1_000_000_000L) long den,
                                   @ForAll @IntRange(min = 0, max = 6) int decimals,
                                   @ForAll @IntRange(min = 0, max = 6) int extra) {
        e.begin((byte) '8').putRatio(6, num, den, decimals, extra).finish();
        assertEquals(e.length(), p.parse(e.buffer(), e.start(), e.length(), m));
        java.math.BigDecimal expect = new java.math.BigDecimal(num)
                .divide(new java.math.BigDecimal(den), extra, java.math.RoundingMode.DOWN)
                .movePointLeft(decimals);
        assertEquals(0, expect.compareTo(new java.math.BigDecimal(m.getString(6))), m.getString(6));
    }

    @Property(tries = 1000)
    void anySplitOfAValidStreamParsesTheSameMessages(@ForAll @IntRange(min = 1, max = 200) int cut) {
        byte[] a = FixTestMessages.frame("35=0|49=C|56=QSL|34=2|");
        byte[] b = FixTestMessages.frame("35=1|49=C|56=QSL|34=3|112=hello|");
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        int c = Math.min(cut, all.length);
        MemorySegment s = MemorySegment.ofArray(all);
        int r = p.parse(s, 0, c, m);
        if (c < a.length) assertEquals(FixParser.NEED_MORE, r);
        else assertEquals(a.length, r);
    }
}
