package qsl.protocol.alloc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import qsl.protocol.entry.AcceptedDescriptor;
import qsl.protocol.entry.CancelOrderDescriptor;
import qsl.protocol.entry.CancelRejectDescriptor;
import qsl.protocol.entry.CanceledDescriptor;
import qsl.protocol.entry.EnterOrderDescriptor;
import qsl.protocol.entry.EntryCodes;
import qsl.protocol.entry.EntryDecoder;
import qsl.protocol.entry.ExecutedDescriptor;
import qsl.protocol.entry.MassCancelAckDescriptor;
import qsl.protocol.entry.MassCancelDescriptor;
import qsl.protocol.entry.RejectedDescriptor;
import qsl.protocol.entry.ReplaceOrderDescriptor;
import qsl.protocol.entry.ReplaceRejectDescriptor;
import qsl.protocol.entry.ReplacedDescriptor;
import qsl.protocol.entry.Symbols;
import qsl.protocol.soup.ClientHeartbeatDescriptor;
import qsl.protocol.soup.LoginAcceptedDescriptor;
import qsl.protocol.soup.LoginRequestDescriptor;
import qsl.protocol.soup.SequencedDataDescriptor;
import qsl.protocol.soup.ServerHeartbeatDescriptor;
import qsl.protocol.soup.SoupFramer;
import qsl.protocol.soup.SoupHeaderDescriptor;
import qsl.protocol.soup.SoupPacketType;
import qsl.protocol.soup.UnsequencedDataDescriptor;

/**
 * The protocol's whole hot path in one loop: encode every order-entry message inside its
 * SoupBinTCP packet (plus heartbeats and a login), feed the bytes through a framer in pieces,
 * decode every frame and message and read every field. Run as a child JVM under Epsilon by
 * {@code ProtocolAllocationTest} (args: rounds); also callable in-process.
 */
public final class ProtocolHotLoop {
    private static final long AAPL = Symbols.key("AAPL");

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment stream = arena.allocate(4096);
    private final MemorySegment loginStream = arena.allocate(256);
    private final SoupFramer framer = new SoupFramer(arena.allocate(1026), 1024, SoupPacketType.EITHER);
    private final int loginLength;
    private long sink;

    public ProtocolHotLoop() {
        int n = LoginRequestDescriptor.write(loginStream, 0, "ALICE", "secret", "", 1);
        n += LoginAcceptedDescriptor.write(loginStream, n, "QSL", 1);
        loginLength = n;
    }

    /** One round: about 16 frames encoded, framed and decoded. Returns a checksum. */
    public long round(long i) {
        MemorySegment s = stream;
        int at = 0;
        at += writeU(s, at, EnterOrderDescriptor.write(s, at + 3, i, AAPL, EntryCodes.SIDE_BUY, EntryCodes.TYPE_LIMIT,
                EntryCodes.TIF_GTC, 100 + i, 10));
        at += writeU(s, at, CancelOrderDescriptor.write(s, at + 3, i));
        at += writeU(s, at, ReplaceOrderDescriptor.write(s, at + 3, i, i + 1, 101, 9));
        at += writeU(s, at, MassCancelDescriptor.write(s, at + 3, Symbols.ALL));
        at += writeS(s, at, AcceptedDescriptor.write(s, at + 3, i, i * 2, AAPL, EntryCodes.SIDE_SELL, EntryCodes.TYPE_MARKET,
                EntryCodes.TIF_IOC, 0, 5));
        at += writeS(s, at, RejectedDescriptor.write(s, at + 3, i, (byte) 7));
        at += writeS(s, at, ExecutedDescriptor.write(s, at + 3, i, i, i, 100, 5, 0, EntryCodes.LIQUIDITY_REMOVED));
        at += writeS(s, at, CanceledDescriptor.write(s, at + 3, i, i, 3, (byte) 1));
        at += writeS(s, at, ReplacedDescriptor.write(s, at + 3, i, i + 1, i, 101, 9, (byte) 1));
        at += writeS(s, at, CancelRejectDescriptor.write(s, at + 3, i, (byte) 32));
        at += writeS(s, at, ReplaceRejectDescriptor.write(s, at + 3, i, i + 1, (byte) 33));
        at += writeS(s, at, MassCancelAckDescriptor.write(s, at + 3, AAPL, 4, (byte) 0));
        at += ServerHeartbeatDescriptor.write(s, at);
        at += ClientHeartbeatDescriptor.write(s, at);
        LoginRequestDescriptor.writeRequestedSequenceNumber(loginStream, 0, i & 0xFFFF);
        long sum = feed(loginStream, loginLength, 7) + feed(s, at, 1 + (int) (i % 61));
        sink += sum;
        return sum;
    }

    private static int writeU(MemorySegment s, int at, int messageLength) {
        return UnsequencedDataDescriptor.writeHeader(s, at, messageLength);
    }

    private static int writeS(MemorySegment s, int at, int messageLength) {
        return SequencedDataDescriptor.writeHeader(s, at, messageLength);
    }

    private long feed(MemorySegment src, int length, int piece) {
        long sum = 0;
        long fed = 0;
        while (true) {
            int t = framer.next();
            if (t > 0) {
                sum += frame((byte) t);
                continue;
            }
            if (t < 0) throw new IllegalStateException("framing error " + t);
            if (fed == length) return sum;
            fed += framer.append(src, fed, Math.min(piece, length - fed));
        }
    }

    private long frame(byte type) {
        MemorySegment f = framer.segment();
        long at = framer.frameOffset();
        long p = framer.payloadOffset();
        int len = framer.payloadLength();
        return switch (type) {
            case 'L' -> LoginRequestDescriptor.requestedSequenceNumber(f, at)
                    + (LoginRequestDescriptor.usernameEquals(f, at, "ALICE") ? 1 : 0);
            case 'A' -> LoginAcceptedDescriptor.sequenceNumber(f, at);
            case 'U' -> request(f, p, EntryDecoder.decodeRequest(f, p, len));
            case 'S' -> response(f, p, EntryDecoder.decodeResponse(f, p, len));
            default -> SoupHeaderDescriptor.packetLength(f, at);
        };
    }

    private static long request(MemorySegment f, long p, int t) {
        return switch (t) {
            case 'O' -> EnterOrderDescriptor.token(f, p) + EnterOrderDescriptor.symbol(f, p) + EnterOrderDescriptor.side(f, p)
                    + EnterOrderDescriptor.orderType(f, p) + EnterOrderDescriptor.timeInForce(f, p)
                    + EnterOrderDescriptor.price(f, p) + EnterOrderDescriptor.quantity(f, p);
            case 'X' -> CancelOrderDescriptor.token(f, p);
            case 'U' -> ReplaceOrderDescriptor.existingToken(f, p) + ReplaceOrderDescriptor.replacementToken(f, p)
                    + ReplaceOrderDescriptor.price(f, p) + ReplaceOrderDescriptor.quantity(f, p);
            case 'C' -> MassCancelDescriptor.symbol(f, p);
            default -> throw new IllegalStateException("request error " + t);
        };
    }

    private static long response(MemorySegment f, long p, int t) {
        return switch (t) {
            case 'A' -> AcceptedDescriptor.token(f, p) + AcceptedDescriptor.orderId(f, p) + AcceptedDescriptor.symbol(f, p)
                    + AcceptedDescriptor.side(f, p) + AcceptedDescriptor.orderType(f, p) + AcceptedDescriptor.timeInForce(f, p)
                    + AcceptedDescriptor.price(f, p) + AcceptedDescriptor.quantity(f, p);
            case 'J' -> RejectedDescriptor.token(f, p) + RejectedDescriptor.reason(f, p);
            case 'E' -> ExecutedDescriptor.token(f, p) + ExecutedDescriptor.orderId(f, p) + ExecutedDescriptor.matchId(f, p)
                    + ExecutedDescriptor.price(f, p) + ExecutedDescriptor.quantity(f, p)
                    + ExecutedDescriptor.leavesQuantity(f, p) + ExecutedDescriptor.liquidity(f, p);
            case 'C' -> CanceledDescriptor.token(f, p) + CanceledDescriptor.orderId(f, p)
                    + CanceledDescriptor.canceledQuantity(f, p) + CanceledDescriptor.reason(f, p);
            case 'U' -> ReplacedDescriptor.oldToken(f, p) + ReplacedDescriptor.newToken(f, p) + ReplacedDescriptor.orderId(f, p)
                    + ReplacedDescriptor.price(f, p) + ReplacedDescriptor.quantity(f, p) + ReplacedDescriptor.keptPriority(f, p);
            case 'I' -> CancelRejectDescriptor.token(f, p) + CancelRejectDescriptor.reason(f, p);
            case 'K' -> ReplaceRejectDescriptor.existingToken(f, p) + ReplaceRejectDescriptor.replacementToken(f, p)
                    + ReplaceRejectDescriptor.reason(f, p);
            case 'M' -> MassCancelAckDescriptor.symbol(f, p) + MassCancelAckDescriptor.canceledCount(f, p)
                    + MassCancelAckDescriptor.reason(f, p);
            default -> throw new IllegalStateException("response error " + t);
        };
    }

    public long sink() {
        return sink;
    }

    /** Child-JVM entry: {@code rounds}; prints the checksum and the number of rounds. */
    public static void main(String[] args) {
        long rounds = Long.parseLong(args[0]);
        ProtocolHotLoop loop = new ProtocolHotLoop();
        for (long i = 0; i < rounds; i++) loop.round(i);
        System.out.println("rounds " + rounds + " checksum " + loop.sink());
    }
}
