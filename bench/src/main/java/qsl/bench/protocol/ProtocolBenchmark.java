package qsl.bench.protocol;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import qsl.protocol.entry.EnterOrderDescriptor;
import qsl.protocol.entry.EntryCodes;
import qsl.protocol.entry.EntryDecoder;
import qsl.protocol.entry.ExecutedDescriptor;
import qsl.protocol.entry.Symbols;
import qsl.protocol.soup.SequencedDataDescriptor;
import qsl.protocol.soup.SoupDecoder;
import qsl.protocol.soup.SoupFramer;
import qsl.protocol.soup.SoupPacketType;
import qsl.protocol.soup.UnsequencedDataDescriptor;

/**
 * The order-entry wire codec's costs: encoding an Enter Order inside its Unsequenced Data packet,
 * decoding one (frame check, message check, every field read), decoding an Executed response, and
 * a framer cutting a stream of 16 mixed frames that arrives in 7-byte pieces (per frame).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ProtocolBenchmark {
    static final int FRAMES = 16;
    static final long AAPL = Symbols.key("AAPL");

    MemorySegment out;
    MemorySegment enter;
    int enterLength;
    MemorySegment executed;
    int executedLength;
    MemorySegment stream;
    int streamLength;
    SoupFramer framer;
    long token;

    @Setup
    public void setup() {
        Arena arena = Arena.ofAuto();
        out = arena.allocate(256, 8);
        enter = arena.allocate(256, 8);
        enterLength = UnsequencedDataDescriptor.writeHeader(enter, 0, EnterOrderDescriptor.write(enter, 3, 42, AAPL,
                EntryCodes.SIDE_BUY, EntryCodes.TYPE_LIMIT, EntryCodes.TIF_GTC, 10_000, 100));
        executed = arena.allocate(256, 8);
        executedLength = SequencedDataDescriptor.writeHeader(executed, 0, ExecutedDescriptor.write(executed, 3, 42, 7, 9,
                10_000, 40, 60, EntryCodes.LIQUIDITY_ADDED));
        stream = arena.allocate(4096, 8);
        int at = 0;
        for (int i = 0; i < FRAMES; i++) {
            if (i % 2 == 0) {
                at += UnsequencedDataDescriptor.writeHeader(stream, at, EnterOrderDescriptor.write(stream, at + 3, i, AAPL,
                        EntryCodes.SIDE_SELL, EntryCodes.TYPE_LIMIT, EntryCodes.TIF_IOC, 10_000 + i, 5));
            } else {
                at += SequencedDataDescriptor.writeHeader(stream, at, ExecutedDescriptor.write(stream, at + 3, i, i, i, 10_000,
                        5, 0, EntryCodes.LIQUIDITY_REMOVED));
            }
        }
        streamLength = at;
        framer = new SoupFramer(arena.allocate(1026, 8), 1024, SoupPacketType.EITHER);
    }

    @Benchmark
    public int encodeEnterOrder() {
        long t = ++token;
        return UnsequencedDataDescriptor.writeHeader(out, 0, EnterOrderDescriptor.write(out, 3, t, AAPL, EntryCodes.SIDE_BUY,
                EntryCodes.TYPE_LIMIT, EntryCodes.TIF_GTC, 10_000 + (t & 7), 100));
    }

    @Benchmark
    public long decodeEnterOrder() {
        int frame = SoupDecoder.decode(enter, 0, enterLength, 1024, SoupPacketType.FROM_CLIENT);
        int type = EntryDecoder.decodeRequest(enter, 3, frame - 3);
        return type + EnterOrderDescriptor.token(enter, 3) + EnterOrderDescriptor.symbol(enter, 3)
                + EnterOrderDescriptor.side(enter, 3) + EnterOrderDescriptor.orderType(enter, 3)
                + EnterOrderDescriptor.timeInForce(enter, 3) + EnterOrderDescriptor.price(enter, 3)
                + EnterOrderDescriptor.quantity(enter, 3);
    }

    @Benchmark
    public long decodeExecuted() {
        int frame = SoupDecoder.decode(executed, 0, executedLength, 1024, SoupPacketType.FROM_SERVER);
        int type = EntryDecoder.decodeResponse(executed, 3, frame - 3);
        return type + ExecutedDescriptor.token(executed, 3) + ExecutedDescriptor.orderId(executed, 3)
                + ExecutedDescriptor.matchId(executed, 3) + ExecutedDescriptor.price(executed, 3)
                + ExecutedDescriptor.quantity(executed, 3) + ExecutedDescriptor.leavesQuantity(executed, 3)
                + ExecutedDescriptor.liquidity(executed, 3);
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long framerPerFrame() {
        long sum = 0;
        long fed = 0;
        while (true) {
            int t = framer.next();
            if (t > 0) {
                sum += t + framer.frameLength();
                continue;
            }
            if (fed == streamLength) return sum;
            fed += framer.append(stream, fed, Math.min(7, streamLength - fed));
        }
    }
}
