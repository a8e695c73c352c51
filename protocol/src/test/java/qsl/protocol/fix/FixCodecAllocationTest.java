package qsl.protocol.fix;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import qsl.perf.alloc.AllocationMeter;

/** Parsing, reading fields and encoding allocate nothing once warm. */
class FixCodecAllocationTest {
    @Test
    void steadyStateAllocatesNothing() {
        byte[] b = FixTestMessages.frame("35=D|49=CLIENT1|56=QSL|34=2|52=20260101-12:00:00.000|11=ord-1|55=AAPL|54=1|38=100|40=2|44=101.25|59=0|");
        MemorySegment in = Arena.ofAuto().allocate(b.length);
        MemorySegment.copy(MemorySegment.ofArray(b), 0, in, 0, b.length);
        MemorySegment out = Arena.ofAuto().allocate(FixEncoder.CAPACITY);
        FixParser p = new FixParser();
        FixMessage m = new FixMessage();
        FixEncoder e = new FixEncoder(out);
        long[] sink = new long[1];
        AllocationMeter meter = AllocationMeter.create();
        AllocationMeter.Measurement r = meter.steadyState(50_000, 10_000, 10, () -> {
            int n = p.parse(in, 0, b.length, m);
            long px = FixDecimal.toUnits(m, FixTags.PRICE, 2);
            long q = m.getLong(FixTags.ORDER_QTY);
            int id = m.indexOf(FixTags.CL_ORD_ID);
            e.begin((byte) '8').putLong(34, q).putBytes(11, m.segment(), m.valueOffset(id), m.valueLength(id))
                    .putDecimal(44, px, 2).putRatio(6, px * 3, 7, 2, 4).putTimestamp(52, 1_780_000_000_000L + q).finish();
            sink[0] += n + e.length();
        });
        assertTrue(sink[0] > 0);
        assertEquals(0, r.bytes(), "bytes allocated over " + r.runs() + " parse+encode runs");
    }
}
