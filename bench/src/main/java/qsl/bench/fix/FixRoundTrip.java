package qsl.bench.fix;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import qsl.gateway.Accounts;
import qsl.gateway.Node;
import qsl.gateway.NodeConfig;
import qsl.gateway.fix.FixConfig;
import qsl.gateway.fix.FixGateway;
import qsl.protocol.fix.FixEncoder;
import qsl.protocol.fix.FixMessage;
import qsl.protocol.fix.FixParser;
import qsl.protocol.fix.FixTags;
import qsl.wal.DurabilityMode;

/**
 * FIX round trip through a running node: a FIX client on 127.0.0.1 sends NewOrderSingle (IOC,
 * priced away from the book, so nothing rests) at a fixed offered rate, and each latency runs
 * from the order's scheduled send time (so a stall is charged to every order it delays) to the
 * arrival of its ExecutionReport (150=0). The node journals in batch mode and the FIX gateway
 * forces its own journal before it submits and before it sends: the same durability promise as
 * {@code ./qsl node}.
 */
public final class FixRoundTrip {
    record Result(Histogram latencyNanos, long sent, long received, double offeredPerSecond, double elapsedSeconds) {}

    private FixRoundTrip() {}

    static Result run(int ratePerSecond, int warmup, int measured) throws Exception {
        Path dir = Files.createTempDirectory("qsl-fix-bench-");
        try {
            Accounts accounts = Accounts.parse(List.of("bench 1 benchpw"), "bench");
            NodeConfig c = NodeConfig.defaults(dir.resolve("data")).withPort(0).withDurability(DurabilityMode.BATCH).withPin(false)
                    .withSizes(256L << 20, 1 << 20, 1 << 16, 1 << 14);
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
            Node.Builder b = new Node.Builder(c).accounts(accounts).log(quiet);
            FixGateway fix = FixGateway.prepare(b, FixConfig.defaults().withPort(0), accounts, true);
            Node node = b.start();
            fix.log(quiet).start(node, c.dataDir());
            try {
                return drive(fix.address().getPort(), ratePerSecond, warmup, measured);
            } finally {
                fix.stopReading();
                node.stop(2_000);
                fix.close();
                node.close();
            }
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    private static Result drive(int port, int rate, int warmup, int measured) throws IOException {
        int total = warmup + measured;
        long[] scheduled = new long[total];
        Histogram h = new Histogram(3_600_000_000_000L, 3);
        SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        Arena arena = Arena.ofConfined();
        MemorySegment outSeg = arena.allocate(FixEncoder.CAPACITY);
        FixEncoder enc = new FixEncoder(outSeg);
        ByteBuffer outBuf = outSeg.asByteBuffer();
        ByteBuffer in = ByteBuffer.allocateDirect(1 << 20);
        MemorySegment inSeg = MemorySegment.ofBuffer(in);
        FixParser parser = new FixParser();
        FixMessage m = new FixMessage();
        byte[] us = "bench".getBytes(StandardCharsets.US_ASCII);
        byte[] them = "QSL".getBytes(StandardCharsets.US_ASCII);
        byte[] aapl = "AAPL".getBytes(StandardCharsets.US_ASCII);
        long seq = 1;
        enc.begin((byte) 'A').putBytes(FixTags.SENDER_COMP_ID, us).putBytes(FixTags.TARGET_COMP_ID, them)
                .putLong(FixTags.MSG_SEQ_NUM, seq++).putTimestamp(FixTags.SENDING_TIME, System.currentTimeMillis())
                .putLong(FixTags.ENCRYPT_METHOD, 0).putLong(FixTags.HEART_BT_INT, 60).putBoolean(FixTags.RESET_SEQ_NUM_FLAG, true)
                .finish();
        write(ch, outBuf, enc);
        ch.configureBlocking(false);
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime() + 200_000_000L; // let the logon settle
        int next = 0;
        long received = 0;
        long deadline = start + (long) total * interval + 30_000_000_000L;
        while (received < total && System.nanoTime() < deadline) {
            long now = System.nanoTime();
            while (next < total && now >= start + (long) next * interval) {
                scheduled[next] = start + (long) next * interval;
                enc.begin((byte) 'D').putBytes(FixTags.SENDER_COMP_ID, us).putBytes(FixTags.TARGET_COMP_ID, them)
                        .putLong(FixTags.MSG_SEQ_NUM, seq++).putTimestamp(FixTags.SENDING_TIME, System.currentTimeMillis())
                        .putLong(FixTags.CL_ORD_ID, next).putBytes(FixTags.SYMBOL, aapl).putChar(FixTags.SIDE, (byte) '1')
                        .putLong(FixTags.ORDER_QTY, 10).putChar(FixTags.ORD_TYPE, (byte) '2').putLong(FixTags.PRICE, 1)
                        .putChar(FixTags.TIME_IN_FORCE, (byte) '3').finish();
                write(ch, outBuf, enc);
                next++;
            }
            int n = ch.read(in);
            if (n < 0) throw new IOException("the node closed the FIX connection");
            if (in.position() == 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(20_000); // 2 cores: never spin against the node
                continue;
            }
            long arrived = System.nanoTime();
            int at = 0;
            int filled = in.position();
            while (true) {
                int r = parser.parse(inSeg, at, filled - at, m);
                if (r == FixParser.NEED_MORE) break;
                if (r < 0) throw new IOException("bad frame from the node: " + parser.errorReason());
                at += r;
                byte type = m.msgType();
                if (type == '8' && m.getChar(FixTags.EXEC_TYPE) == '0') {
                    int id = (int) m.getLong(FixTags.CL_ORD_ID);
                    if (id >= warmup) h.recordValue(Math.max(1, arrived - scheduled[id]));
                    received++;
                } else if (type == '1') { // TestRequest: answer
                    int t = m.indexOf(FixTags.TEST_REQ_ID);
                    enc.begin((byte) '0').putBytes(FixTags.SENDER_COMP_ID, us).putBytes(FixTags.TARGET_COMP_ID, them)
                            .putLong(FixTags.MSG_SEQ_NUM, seq++).putTimestamp(FixTags.SENDING_TIME, System.currentTimeMillis())
                            .putBytes(FixTags.TEST_REQ_ID, m.segment(), m.valueOffset(t), m.valueLength(t)).finish();
                    write(ch, outBuf, enc);
                } else if (type == '5' || type == '3') {
                    throw new IOException("the node answered " + (char) type + ": " + m.getString(FixTags.TEXT));
                }
            }
            MemorySegment.copy(inSeg, at, inSeg, 0, filled - at);
            in.position(filled - at);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        ch.close();
        arena.close();
        if (received < total) throw new IOException("only " + received + " of " + total + " ExecutionReports arrived");
        return new Result(h, total, received, rate, elapsed);
    }

    /** Diagnostics: {@code FixRoundTrip rate warmup measured}. */
    public static void main(String[] args) throws Exception {
        Result r = run(Integer.parseInt(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        Histogram h = r.latencyNanos();
        System.out.printf("p50 %.1f us  p90 %.1f  p99 %.1f  max %.1f  (%d in %.1f s)%n", h.getValueAtPercentile(50) / 1e3,
                h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3, h.getMaxValue() / 1e3, r.received(),
                r.elapsedSeconds());
    }

    private static void write(SocketChannel ch, ByteBuffer outBuf, FixEncoder enc) throws IOException {
        outBuf.limit((int) enc.start() + enc.length()).position((int) enc.start());
        while (outBuf.hasRemaining()) ch.write(outBuf);
        outBuf.clear();
    }
}
