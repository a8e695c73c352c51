package qsl.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import qsl.book.CommandDescriptor;
import qsl.book.OrderType;
import qsl.book.Side;
import qsl.book.TimeInForce;
import qsl.perf.alloc.AllocationMeter;

/** The clustered request path (decode, idempotency check, engine, response) allocates nothing in steady state. */
class ReplicatedEngineAllocationTest {
    @Test
    void requestPathAllocatesNothing() {
        byte[] bytes = new byte[ClusterRequestDescriptor.COMMAND_LENGTH];
        UnsafeBuffer request = new UnsafeBuffer(bytes);
        MemorySegment command = MemorySegment.ofArray(bytes).asSlice(ClusterRequestDescriptor.COMMAND_OFFSET);
        UnsafeBuffer response = new UnsafeBuffer(ByteBuffer.allocateDirect(ClusterResponseDescriptor.LENGTH));
        long[] token = {0};
        try (ReplicatedEngine e = ReplicatedEngine.fresh(LocalCluster.CONFIG, LocalCluster.SYMBOLS, 0)) {
            Runnable window = () -> {
                for (int i = 0; i < 1_000; i++) {
                    long t = ++token[0];
                    long session = 1 + (t & 3);
                    ClusterRequestDescriptor.writeHeader(request, 0, ClusterRequestDescriptor.COMMAND, session, t);
                    CommandDescriptor.writeNewOrder(command, 0, (int) (t % 3), t, (int) session, (t & 1) == 0 ? Side.BUY : Side.SELL,
                            OrderType.LIMIT, TimeInForce.GTC, 10_000, 1 + (t % 5));
                    e.handle(request, 0, bytes.length, t, response);
                    // and a duplicate of it
                    e.handle(request, 0, bytes.length, t, response);
                }
            };
            AllocationMeter.Measurement m = AllocationMeter.create().steadyState(20, 20, 5, window);
            assertTrue(m.allocationFree(), "bytes allocated per 2,000 requests: " + m.bytesPerRun());
            assertEquals(token[0], e.applied());
        }
    }
}
