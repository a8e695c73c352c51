package qsl.gateway.client;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import qsl.protocol.entry.AcceptedDescriptor;
import qsl.protocol.entry.CancelOrderDescriptor;
import qsl.protocol.entry.CanceledDescriptor;
import qsl.protocol.entry.EnterOrderDescriptor;
import qsl.protocol.entry.EntryDecoder;
import qsl.protocol.entry.ExecutedDescriptor;
import qsl.protocol.entry.MassCancelAckDescriptor;
import qsl.protocol.entry.MassCancelDescriptor;
import qsl.protocol.entry.ReplaceOrderDescriptor;
import qsl.protocol.entry.ReplacedDescriptor;
import qsl.protocol.soup.LoginAcceptedDescriptor;
import qsl.protocol.soup.LoginRejectedDescriptor;
import qsl.protocol.soup.LoginRequestDescriptor;
import qsl.protocol.soup.SequencedDataDescriptor;
import qsl.protocol.soup.SoupFramer;
import qsl.protocol.soup.SoupPacketType;

/**
 * A tiny single-connection SoupBinTCP order-entry server for client tests, on 127.0.0.1: one
 * user ({@code demo}/{@code demo}), one session stream kept across connections (as a node keeps
 * it across restarts), the login sequence rules of docs/wire.md, and canned answers: Enter Order
 * -> Accepted (+ a full Executed when the price is 999), Cancel -> Canceled, Replace -> Replaced,
 * Mass Cancel -> Mass Cancel Ack.
 */
final class FakeNode implements AutoCloseable {
    static final String SESSION = "FAKE000001";

    private final ServerSocketChannel server;
    private final Thread thread;
    private final List<byte[]> stream = new ArrayList<>();   // guarded by this
    final AtomicInteger clientHeartbeats = new AtomicInteger();
    final AtomicInteger logins = new AtomicInteger();
    private volatile SocketChannel current;
    private volatile boolean closed;
    private long orderIds = 1000;

    FakeNode() throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        thread = new Thread(this::run, "fake-node");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) server.getLocalAddress();
    }

    synchronized int streamLength() {
        return stream.size();
    }

    synchronized byte[] response(int seq) {
        return stream.get(seq - 1);
    }

    /** Drops the current connection, as a crash would; the session stream stays. */
    void dropConnection() throws IOException {
        SocketChannel c = current;
        if (c != null) c.close();
    }

    /** Adds a response to the stream while no client is connected (released during an outage). */
    synchronized void appendOffline(long token) {
        MemorySegment m = MemorySegment.ofArray(new byte[CanceledDescriptor.LENGTH]);
        CanceledDescriptor.write(m, 0, token, orderIds++, 1, (byte) 3);
        stream.add(m.toArray(ValueLayout.JAVA_BYTE));
    }

    private void run() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(1 << 16);
            while (!closed) {
                SocketChannel c;
                try {
                    c = server.accept();
                } catch (IOException e) {
                    return;
                }
                current = c;
                try {
                    c.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                } catch (IOException e) {
                    continue;
                }
                try {
                    serve(c, arena, out);
                } catch (IOException e) {
                    // connection gone: wait for the next one
                } finally {
                    try {
                        c.close();
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                }
            }
        }
    }

    private void serve(SocketChannel c, Arena arena, MemorySegment out) throws IOException {
        SoupFramer framer = new SoupFramer(arena.allocate(2050), 2048, SoupPacketType.FROM_CLIENT);
        int t = next(framer, c);
        if (t != 'L') return;
        MemorySegment f = framer.segment();
        long at = framer.frameOffset();
        if (!LoginRequestDescriptor.usernameEquals(f, at, "demo") || !LoginRequestDescriptor.passwordEquals(f, at, "demo")) {
            write(c, out, LoginRejectedDescriptor.write(out, 0, LoginRejectedDescriptor.NOT_AUTHORIZED));
            return;
        }
        logins.incrementAndGet();
        long requested = LoginRequestDescriptor.requestedSequenceNumber(f, at);
        int n;
        synchronized (this) {
            long next = stream.size() + 1;
            long first = requested == 0 || requested > next ? next : requested;
            n = LoginAcceptedDescriptor.write(out, 0, SESSION, first);
            for (long s = first; s < next; s++) {
                byte[] m = stream.get((int) s - 1);
                n += SequencedDataDescriptor.write(out, n, MemorySegment.ofArray(m), 0, m.length);
            }
        }
        write(c, out, n);
        MemorySegment m = arena.allocate(64);
        while ((t = next(framer, c)) > 0) {
            if (t == 'R') {
                clientHeartbeats.incrementAndGet();
                continue;
            }
            if (t == 'O') return;
            if (t != 'U') continue;
            MemorySegment r = framer.segment();
            long p = framer.payloadOffset();
            int type = EntryDecoder.decodeRequest(r, p, framer.payloadLength());
            n = 0;
            switch (type) {
                case EnterOrderDescriptor.TYPE -> {
                    long token = EnterOrderDescriptor.token(r, p);
                    long id = orderIds++;
                    long price = EnterOrderDescriptor.price(r, p);
                    long qty = EnterOrderDescriptor.quantity(r, p);
                    n += respond(out, n, m, AcceptedDescriptor.write(m, 0, token, id, EnterOrderDescriptor.symbol(r, p),
                            EnterOrderDescriptor.side(r, p), EnterOrderDescriptor.orderType(r, p),
                            EnterOrderDescriptor.timeInForce(r, p), price, qty));
                    if (price == 999) n += respond(out, n, m, ExecutedDescriptor.write(m, 0, token, id, id * 10, price, qty, 0,
                            (byte) 'R'));
                }
                case CancelOrderDescriptor.TYPE -> n += respond(out, n, m, CanceledDescriptor.write(m, 0,
                        CancelOrderDescriptor.token(r, p), 7, 5, (byte) 0));
                case ReplaceOrderDescriptor.TYPE -> n += respond(out, n, m, ReplacedDescriptor.write(m, 0,
                        ReplaceOrderDescriptor.existingToken(r, p), ReplaceOrderDescriptor.replacementToken(r, p), 7,
                        ReplaceOrderDescriptor.price(r, p), ReplaceOrderDescriptor.quantity(r, p), (byte) 0));
                case MassCancelDescriptor.TYPE -> n += respond(out, n, m, MassCancelAckDescriptor.write(m, 0,
                        MassCancelDescriptor.symbol(r, p), 3, (byte) 0));
                default -> throw new IOException("bad request " + type);
            }
            write(c, out, n);
        }
    }

    private synchronized int respond(MemorySegment out, int at, MemorySegment m, int length) {
        stream.add(m.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE));
        return SequencedDataDescriptor.write(out, at, m, 0, length);
    }

    private static int next(SoupFramer framer, SocketChannel c) throws IOException {
        int t;
        while ((t = framer.next()) == 0) {
            if (framer.read(c) < 0) return -1;
        }
        return t;
    }

    private static void write(SocketChannel c, MemorySegment out, int n) throws IOException {
        ByteBuffer b = out.asSlice(0, n).asByteBuffer();
        while (b.hasRemaining()) c.write(b);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        dropConnection();
    }
}
