package qsl.cluster;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import qsl.gateway.fix.SocketLink;
import qsl.gateway.fix.SocketLinks;
import qsl.protocol.fix.FixError;
import qsl.protocol.fix.FixMessage;
import qsl.protocol.fix.FixParser;
import qsl.ringbuffer.RecordHandler;
import qsl.ringbuffer.RingConsumer;
import qsl.ringbuffer.RingProducer;

/**
 * The clustered node's FIX 4.4 port: sockets only. It cuts each connection's bytes into FIX
 * frames and hands each, unparsed beyond its frame, to the cluster ({@link FixFrameDescriptor#FRAME}
 * records on the forwarding thread's ring; a connection's end as {@link FixFrameDescriptor#CLOSED});
 * the FIX sessions themselves run in every member's service ({@link ClusteredFix}) once the
 * cluster has committed the frame, and what they send comes back through {@code fromService}
 * ({@link FixFrameDescriptor#DATA}, {@link FixFrameDescriptor#CLOSE}) for this port's connections
 * only. Garbled bytes (bad BeginString, BodyLength or CheckSum) are dropped here, as FIX requires;
 * a frame with a bad field goes on (its session answers with a Reject). A frame longer than
 * {@code maxFrame} closes its connection.
 *
 * <p>One thread: accept, read and cut, drain the service's output into the sockets, write.
 */
final class ClusterFixPort implements Runnable, AutoCloseable {
    private static final int LINK_BUFFER = 4 << 20;

    private final RingProducer toCluster;
    private final RingConsumer fromService;
    private final long prefix;
    private final int maxFrame;
    private final SocketLinks<Connection> connections;
    private final FixParser parser = new FixParser();
    private final FixMessage message = new FixMessage();
    private final RecordHandler onOutput = this::output;
    private long count;
    private volatile boolean running = true;
    private volatile Throwable failure;

    /** One accepted socket and its unsent inbound bytes. */
    private static final class Connection {
        final long id;
        final SocketLink link;
        final byte[] in = new byte[2 * FixParser.MAX_MESSAGE];
        final MemorySegment inSeg = MemorySegment.ofArray(in);
        final ByteBuffer inBuf = ByteBuffer.wrap(in);
        boolean ended;

        Connection(long id, SocketLink link) {
            this.id = id;
            this.link = link;
        }
    }

    /**
     * @param prefix {@link FixFrameDescriptor#prefix} of this member's start (the upper bits of its connections' ids)
     * @param maxFrame longest frame the cluster request takes
     */
    ClusterFixPort(String host, int port, RingProducer toCluster, RingConsumer fromService, long prefix, int maxFrame) throws IOException {
        this.toCluster = toCluster;
        this.fromService = fromService;
        this.prefix = prefix;
        this.maxFrame = maxFrame;
        this.connections = new SocketLinks<>(host, port, LINK_BUFFER, new Links());
    }

    InetSocketAddress address() throws IOException {
        return connections.address();
    }

    Throwable failure() {
        return failure;
    }

    /** Wakes the loop (the service wrote output). Any thread. */
    void wakeup() {
        connections.wakeup();
    }

    /** Stops reading input; output keeps flowing until {@link #close()}. */
    void stopReading() {
        connections.stopReading();
    }

    @Override
    public void run() {
        try {
            while (running) {
                connections.select(10);
                for (int i = 0; i < connections.size(); i++) forward(connections.get(i));
                while (fromService.poll(onOutput) > 0) { }
                connections.flush();
            }
        } catch (Throwable t) {
            if (running) {
                failure = t;
                t.printStackTrace();
            }
        }
    }

    /** The port's side of its sockets: a connection's id and inbound bytes; its end goes to the cluster. */
    private final class Links implements SocketLinks.Handler<Connection> {
        @Override
        public Connection accepted(SocketLink link) {
            return new Connection((prefix << 32) | ++count, link);
        }

        @Override
        public SocketLink link(Connection c) {
            return c.link;
        }

        @Override
        public void readable(Connection c) {
            read(c);
        }

        @Override
        public boolean ended(Connection c) {
            c.link.closeNow();
            c.ended = true;
            return submit(FixFrameDescriptor.CLOSED, c.id, MemorySegment.NULL, 0, 0); // ring full: again next flush
        }
    }

    private void read(Connection c) {
        if (c.ended || c.inBuf.remaining() == 0) return;
        int n;
        try {
            n = c.link.channel().read(c.inBuf);
        } catch (IOException e) {
            n = -1;
        }
        if (n < 0) {
            c.link.closeNow();
            c.ended = true;
            return;
        }
        forward(c);
    }

    /** Hands every complete frame in the connection's buffer to the cluster, as far as its ring has room. */
    private void forward(Connection c) {
        int filled = c.inBuf.position();
        int at = 0;
        while (at < filled && !c.ended) {
            int r = parser.parse(c.inSeg, at, filled - at, message);
            if (r == FixParser.NEED_MORE) break;
            int unit = r > 0 ? r : parser.errorSkip();
            if (r < 0 && FixError.isGarbled(parser.errorReason())) { // dropped, as FIX requires
                at += unit;
                continue;
            }
            if (FixFrameDescriptor.HEADER_LENGTH + unit > maxFrame) {
                c.link.close(); // the cluster request cannot carry it
                c.ended = true;
                break;
            }
            if (!submit(FixFrameDescriptor.FRAME, c.id, c.inSeg, at, unit)) break; // ring full: the rest next loop
            at += unit;
        }
        if (at > 0) {
            System.arraycopy(c.in, at, c.in, 0, filled - at);
            c.inBuf.position(filled - at);
        }
    }

    private boolean submit(byte event, long id, MemorySegment s, long off, int len) {
        long at = toCluster.claim(FixFrameDescriptor.TYPE, FixFrameDescriptor.HEADER_LENGTH + len);
        if (at < 0) return false;
        MemorySegment b = toCluster.buffer();
        FixFrameDescriptor.writeHeader(b, at, event, id);
        if (len > 0) MemorySegment.copy(s, off, b, at + FixFrameDescriptor.BYTES_OFFSET, len);
        toCluster.commit(at); // release store: the forwarding thread sees the whole record
        return true;
    }

    /** One record of the service's output: bytes for, or the close of, one of this port's connections. */
    private void output(int type, MemorySegment b, long at, int length) {
        if (type != FixFrameDescriptor.TYPE) return;
        long id = FixFrameDescriptor.connection(b, at);
        for (int i = 0; i < connections.size(); i++) {
            Connection c = connections.get(i);
            if (c.id != id) continue;
            if (FixFrameDescriptor.event(b, at) == FixFrameDescriptor.DATA) {
                c.link.send(b, at + FixFrameDescriptor.BYTES_OFFSET, length - FixFrameDescriptor.HEADER_LENGTH);
            } else {
                c.link.close();
            }
            return;
        }
    }

    @Override
    public void close() {
        running = false;
        wakeup();
    }

    /** After the thread ended: closes every socket and the port. */
    void closeSockets() {
        connections.close();
    }
}
