package qsl.gateway.fix;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import qsl.perf.alloc.AllocationMeter;
import qsl.protocol.fix.FixEncoder;
import qsl.protocol.fix.FixTags;

/**
 * The whole FIX path of a trade allocates nothing once warm: two connections' bytes parsed,
 * sessions checked, orders entered on a real engine, fills turned into ExecutionReports,
 * encoded, kept for resends and written to the FIX journal.
 */
class FixSessionAllocationTest {
    long now = 1_780_000_000_000L;
    long seq1 = 2, seq2 = 2, id;
    final FixEncoder enc = new FixEncoder(MemorySegment.ofArray(new byte[FixEncoder.CAPACITY]));
    final byte[] c1 = "C1".getBytes(StandardCharsets.US_ASCII);
    final byte[] c2 = "C2".getBytes(StandardCharsets.US_ASCII);
    final byte[] qsl = "QSL".getBytes(StandardCharsets.US_ASCII);
    final byte[] aaa = "AAA".getBytes(StandardCharsets.US_ASCII);
    long outBytes;

    final class CountingLink implements FixLink {
        @Override public void send(MemorySegment s, long off, int len) { outBytes += len; }
        @Override public void close() { fail("closed"); }
    }

    void order(FixConnection c, byte[] sender, long seq, byte side, byte tif) {
        enc.begin((byte) 'D').putBytes(FixTags.SENDER_COMP_ID, sender).putBytes(FixTags.TARGET_COMP_ID, qsl)
                .putLong(FixTags.MSG_SEQ_NUM, seq).putTimestamp(FixTags.SENDING_TIME, now).putLong(FixTags.CL_ORD_ID, ++id)
                .putBytes(FixTags.SYMBOL, aaa).putChar(FixTags.SIDE, side).putLong(FixTags.ORDER_QTY, 10)
                .putChar(FixTags.ORD_TYPE, (byte) '2').putDecimal(FixTags.PRICE, 10_025, 2).putChar(FixTags.TIME_IN_FORCE, tif)
                .finish();
        c.onBytes(enc.buffer(), enc.start(), enc.length(), now);
    }

    void logon(FixConnection c, byte[] sender) {
        enc.begin((byte) 'A').putBytes(FixTags.SENDER_COMP_ID, sender).putBytes(FixTags.TARGET_COMP_ID, qsl)
                .putLong(FixTags.MSG_SEQ_NUM, 1).putTimestamp(FixTags.SENDING_TIME, now).putLong(FixTags.ENCRYPT_METHOD, 0)
                .putLong(FixTags.HEART_BT_INT, 30).finish();
        c.onBytes(enc.buffer(), enc.start(), enc.length(), now);
    }

    @Test
    void aTradeThroughTwoSessionsAllocatesNothing() throws IOException {
        Path dir = Files.createTempDirectory("qsl-fix-alloc-");
        try (FixFileJournal journal = new FixFileJournal(dir, 8, false)) {
            FixHarness h = new FixHarness(journal);
            FixConnection a = new FixConnection(h.sessions, new CountingLink(), now);
            FixConnection b = new FixConnection(h.sessions, new CountingLink(), now);
            logon(a, c1);
            logon(b, c2);
            assertTrue(h.sessions.get(0).loggedOn() && h.sessions.get(1).loggedOn());
            AllocationMeter meter = AllocationMeter.create();
            AllocationMeter.Measurement m = meter.steadyState(20_000, 5_000, 10, () -> {
                now++;
                order(a, c1, seq1++, (byte) '1', (byte) '1');  // rests
                order(b, c2, seq2++, (byte) '2', (byte) '3');  // IOC, fills it
                if ((seq1 & 255) == 0) journal.sync();
            });
            assertEquals(0, h.engine.restingOrders());
            assertTrue(outBytes > 0);
            assertEquals(0, m.bytes(), "bytes allocated over " + m.runs() + " trades");
        } finally {
            try (var s = Files.walk(dir)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }
}
