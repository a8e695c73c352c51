package qsl.gateway.client;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;
import qsl.protocol.entry.AcceptedDescriptor;
import qsl.protocol.entry.CancelOrderDescriptor;
import qsl.protocol.entry.CancelRejectDescriptor;
import qsl.protocol.entry.CanceledDescriptor;
import qsl.protocol.entry.EnterOrderDescriptor;
import qsl.protocol.entry.EntryDecoder;
import qsl.protocol.entry.ExecutedDescriptor;
import qsl.protocol.entry.MassCancelAckDescriptor;
import qsl.protocol.entry.MassCancelDescriptor;
import qsl.protocol.entry.RejectedDescriptor;
import qsl.protocol.entry.ReplaceOrderDescriptor;
import qsl.protocol.entry.ReplaceRejectDescriptor;
import qsl.protocol.entry.ReplacedDescriptor;
import qsl.protocol.soup.ClientHeartbeatDescriptor;
import qsl.protocol.soup.LoginAcceptedDescriptor;
import qsl.protocol.soup.LoginRejectedDescriptor;
import qsl.protocol.soup.LoginRequestDescriptor;
import qsl.protocol.soup.LogoutRequestDescriptor;
import qsl.protocol.soup.SoupAscii;
import qsl.protocol.soup.SoupFramer;
import qsl.protocol.soup.SoupHeaderDescriptor;
import qsl.protocol.soup.SoupPacketType;
import qsl.protocol.soup.UnsequencedDataDescriptor;

/**
 * A SoupBinTCP 3.0 order-entry client for one session over a non-blocking {@link SocketChannel}.
 * Single-threaded: one thread calls every method. After {@link #connect} and {@link #login} it
 * sends requests ({@link #enterOrder}, {@link #cancelOrder}, {@link #replaceOrder},
 * {@link #massCancel}) and {@link #poll()} reads, frames and decodes the responses into the
 * {@link OrderEntryListener}, counting sequence numbers, and sends a Client Heartbeat whenever
 * the client has sent nothing for the heartbeat interval.
 *
 * <p>{@link #nextExpectedSequence()} is the number of the next response the client has not yet
 * received: after a disconnection or a node restart, {@link #reconnect} logs in again with it and
 * the node replays exactly the responses the client missed.
 *
 * <p>Requests are encoded into an off-heap send buffer; with auto-flush (the default) each is
 * written at once, otherwise they accumulate until {@link #flush()} (or the buffer fills). Writes
 * spin until the socket takes every byte (TCP back-pressure from the node slows the client). After
 * {@link #connect} and {@link #login} nothing allocates: requests, polls and heartbeats are
 * allocation-free.
 */
public final class OrderEntryClient implements AutoCloseable {
    /** Largest packet the client accepts from the server. */
    public static final int MAX_PACKET_LENGTH = 1024;

    private final OrderEntryListener listener;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment send;
    private final ByteBuffer sendView;
    private final SoupFramer framer;
    private final long heartbeatNanos;
    private SocketChannel channel;
    private SocketAddress address;
    private int sendLength;
    private boolean autoFlush = true;
    private long lastSendNanos;
    private long lastReceiveNanos;
    private long nextExpected = 1;
    private boolean loggedIn;
    private String username = "";
    private String password = "";
    private String session = "";
    private byte rejectReason;
    private int protocolError;
    private boolean endOfSession;

    /**
     * @param listener receives every decoded response
     * @param sendBufferBytes off-heap send buffer (at least 64; bigger batches more requests per write)
     * @param heartbeatMillis send a Client Heartbeat after this long without sending (SoupBinTCP: 1000)
     */
    public OrderEntryClient(OrderEntryListener listener, int sendBufferBytes, long heartbeatMillis) {
        if (sendBufferBytes < 64) throw new IllegalArgumentException("send buffer below 64 bytes");
        this.listener = listener;
        this.send = arena.allocate(sendBufferBytes, 8);
        this.sendView = send.asByteBuffer();
        this.framer = new SoupFramer(arena.allocate(64L * 1024, 8), MAX_PACKET_LENGTH, SoupPacketType.FROM_SERVER);
        this.heartbeatNanos = heartbeatMillis * 1_000_000L;
    }

    /** A client with a 64 KiB send buffer and SoupBinTCP's 1-second heartbeat. */
    public OrderEntryClient(OrderEntryListener listener) {
        this(listener, 64 * 1024, 1000);
    }

    /** Opens a TCP connection (blocking until connected, then non-blocking, TCP_NODELAY). */
    public void connect(SocketAddress address) throws IOException {
        closeChannel();
        this.address = address;
        SocketChannel ch = SocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.connect(address);
            ch.configureBlocking(false);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        channel = ch;
        framer.reset();
        sendLength = 0;
        loggedIn = false;
        endOfSession = false;
        protocolError = 0;
        lastSendNanos = lastReceiveNanos = System.nanoTime();
    }

    /** {@link #connect(SocketAddress)} to {@code host:port}. */
    public void connect(String host, int port) throws IOException {
        connect(new InetSocketAddress(host, port));
    }

    /**
     * Sends a Login Request and waits for the answer.
     *
     * @param session requested session, "" for the current one
     * @param requestedSequence 0 (no replay), 1 (everything) or the next expected sequence number
     * @return true if accepted (then {@link #nextExpectedSequence()} is what the server announced);
     *         false if rejected ({@link #loginRejectReason()} says why)
     * @throws IOException if the connection fails, the server breaks the protocol, or no answer
     *         comes within {@code timeoutMillis}
     */
    public boolean login(String username, String password, String session, long requestedSequence, long timeoutMillis)
            throws IOException {
        if (channel == null) throw new IOException("not connected");
        this.username = username;
        this.password = password;
        this.session = session;
        rejectReason = 0;
        flushPending();
        sendLength = LoginRequestDescriptor.write(send, 0, username, password, session, requestedSequence);
        flush();
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (!loggedIn && rejectReason == 0) {
            if (poll() < 0) {
                if (loggedIn || rejectReason != 0) break;
                throw new IOException(protocolError != 0 ? "protocol error " + protocolError : "connection closed during login");
            }
            if (System.nanoTime() - deadline > 0) throw new IOException("no login answer within " + timeoutMillis + " ms");
            if (!loggedIn && rejectReason == 0) LockSupport.parkNanos(50_000);
        }
        return loggedIn;
    }

    /**
     * Connects again to the last address and logs in with the same credentials and session,
     * requesting {@link #nextExpectedSequence()}: the node replays what this client missed.
     */
    public boolean reconnect(long timeoutMillis) throws IOException {
        if (address == null) throw new IOException("never connected");
        connect(address);
        return login(username, password, session, nextExpected, timeoutMillis);
    }

    /** Enter Order; {@code symbol} is a {@code Symbols} key, side/type/tif are the wire bytes. */
    public void enterOrder(long token, long symbol, byte side, byte orderType, byte timeInForce, long price, long quantity)
            throws IOException {
        int at = reserve(SoupHeaderDescriptor.HEADER_LENGTH + EnterOrderDescriptor.LENGTH);
        int n = EnterOrderDescriptor.write(send, at + SoupHeaderDescriptor.PAYLOAD_OFFSET, token, symbol, side, orderType,
                timeInForce, price, quantity);
        commit(at, n);
    }

    /** Cancel Order of the live order named {@code token}. */
    public void cancelOrder(long token) throws IOException {
        int at = reserve(SoupHeaderDescriptor.HEADER_LENGTH + CancelOrderDescriptor.LENGTH);
        commit(at, CancelOrderDescriptor.write(send, at + SoupHeaderDescriptor.PAYLOAD_OFFSET, token));
    }

    /** Replace Order: new price and new total open quantity; the order then answers to {@code replacementToken}. */
    public void replaceOrder(long existingToken, long replacementToken, long price, long quantity) throws IOException {
        int at = reserve(SoupHeaderDescriptor.HEADER_LENGTH + ReplaceOrderDescriptor.LENGTH);
        commit(at, ReplaceOrderDescriptor.write(send, at + SoupHeaderDescriptor.PAYLOAD_OFFSET, existingToken,
                replacementToken, price, quantity));
    }

    /** Mass Cancel of the account's orders on {@code symbol}, or on all with {@code Symbols.ALL}. */
    public void massCancel(long symbol) throws IOException {
        int at = reserve(SoupHeaderDescriptor.HEADER_LENGTH + MassCancelDescriptor.LENGTH);
        commit(at, MassCancelDescriptor.write(send, at + SoupHeaderDescriptor.PAYLOAD_OFFSET, symbol));
    }

    /** Sends a Logout Request and closes the connection (the session's stream stays on the node). */
    public void logout() throws IOException {
        if (channel == null) return;
        try {
            int at = reserve(LogoutRequestDescriptor.FRAME_LENGTH);
            sendLength = at + LogoutRequestDescriptor.write(send, at);
            flush();
        } finally {
            closeChannel();
        }
    }

    /**
     * Writes whatever requests are buffered, spinning until the socket took them all.
     *
     * @throws IOException if the connection failed
     */
    public void flush() throws IOException {
        if (sendLength == 0) return;
        if (channel == null) throw new IOException("not connected");
        sendView.limit(sendLength).position(0);
        while (sendView.hasRemaining()) {
            if (channel.write(sendView) == 0) Thread.onSpinWait();
        }
        sendLength = 0;
        lastSendNanos = System.nanoTime();
    }

    /**
     * Reads what the socket has (without blocking), dispatches every whole packet, and sends a
     * Client Heartbeat if due. Also flushes buffered requests first.
     *
     * @return packets handled (0: nothing arrived), or -1 once the connection is closed (by the
     *         server, End of Session, or a protocol error: see {@link #protocolError()})
     */
    public int poll() throws IOException {
        if (channel == null) return -1;
        flushPending();
        int handled = 0;
        int r;
        do {
            r = framer.read(channel);
            if (r > 0) lastReceiveNanos = System.nanoTime();
            int t;
            while ((t = framer.next()) > 0) {
                dispatch((byte) t);
                handled++;
                if (channel == null) return -1;
            }
            if (t < 0) {
                protocolError = t;
                closeChannel();
                return -1;
            }
        } while (r > 0);
        if (r < 0) {
            closeChannel();
            return -1;
        }
        if (loggedIn && sendLength == 0 && System.nanoTime() - lastSendNanos >= heartbeatNanos) {
            sendLength = ClientHeartbeatDescriptor.write(send, 0);
            flush();
        }
        return handled;
    }

    /**
     * Polls until {@code nextExpectedSequence() > seq} (the response {@code seq} arrived), the
     * connection closes, or {@code timeoutMillis} passes.
     *
     * @return whether response {@code seq} has arrived
     */
    public boolean awaitSequence(long seq, long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (nextExpected <= seq) {
            int n = poll();
            if (n < 0) return nextExpected > seq;
            if (n == 0) {
                if (System.nanoTime() - deadline > 0) return false;
                LockSupport.parkNanos(20_000);
            }
        }
        return true;
    }

    /**
     * The connection's channel (non-blocking; null when not connected), for a caller that waits
     * on many clients with one {@link java.nio.channels.Selector}: register it for
     * {@code OP_READ} and {@link #poll()} this client when it is readable. Reading or writing it
     * directly would corrupt the client's framing.
     */
    public SocketChannel channel() {
        return channel;
    }

    /** The sequence number of the next response this client will receive (1 before any). */
    public long nextExpectedSequence() {
        return nextExpected;
    }

    /** Sets the next expected sequence number (e.g. restored from a client's own file). */
    public void nextExpectedSequence(long next) {
        nextExpected = next;
    }

    public boolean isLoggedIn() {
        return loggedIn;
    }

    public boolean isConnected() {
        return channel != null;
    }

    /** 'A' or 'S' from the last Login Rejected, 0 if none. */
    public byte loginRejectReason() {
        return rejectReason;
    }

    /** The {@code SoupError} that closed the connection, 0 if none. */
    public int protocolError() {
        return protocolError;
    }

    /** Whether the server ended the session (End of Session). */
    public boolean endOfSession() {
        return endOfSession;
    }

    /** Nanoseconds since anything arrived from the server (a dead server shows here after 15 s). */
    public long silenceNanos() {
        return System.nanoTime() - lastReceiveNanos;
    }

    /** With auto-flush off, requests accumulate until {@link #flush()}, {@link #poll()} or a full buffer. */
    public void autoFlush(boolean on) {
        autoFlush = on;
    }

    /** The session name from the last Login Accepted ("" before one); allocates. */
    public String session() {
        return session;
    }

    @Override
    public void close() {
        closeChannel();
        arena.close();
    }

    private void flushPending() throws IOException {
        if (sendLength > 0) flush();
    }

    private int reserve(int bytes) throws IOException {
        if (channel == null) throw new IOException("not connected");
        if (sendLength + bytes > send.byteSize()) flush();
        return sendLength;
    }

    private void commit(int at, int messageLength) throws IOException {
        sendLength = at + UnsequencedDataDescriptor.writeHeader(send, at, messageLength);
        if (autoFlush) flush();
    }

    private void closeChannel() {
        loggedIn = false;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing: nothing more to do with it
            }
            channel = null;
        }
    }

    private void dispatch(byte type) {
        MemorySegment f = framer.segment();
        long at = framer.frameOffset();
        switch (type) {
            case SoupPacketType.LOGIN_ACCEPTED -> {
                nextExpected = LoginAcceptedDescriptor.sequenceNumber(f, at);
                if (!LoginAcceptedDescriptor.sessionEquals(f, at, session)) {
                    session = SoupAscii.trimmed(f, at + LoginAcceptedDescriptor.SESSION_OFFSET,
                            LoginAcceptedDescriptor.SESSION_LENGTH);
                }
                loggedIn = true;
            }
            case SoupPacketType.LOGIN_REJECTED -> {
                rejectReason = LoginRejectedDescriptor.reason(f, at);
                closeChannel();
            }
            case SoupPacketType.SEQUENCED_DATA -> message(f, framer.payloadOffset(), framer.payloadLength());
            case SoupPacketType.END_OF_SESSION -> {
                endOfSession = true;
                closeChannel();
                listener.onEndOfSession();
            }
            default -> {
                // Server Heartbeat and Debug: nothing to do beyond having heard from the server
            }
        }
    }

    private void message(MemorySegment m, long p, int length) {
        long seq = nextExpected++;
        int t = EntryDecoder.decodeResponse(m, p, length);
        switch (t) {
            case AcceptedDescriptor.TYPE -> listener.onAccepted(seq, AcceptedDescriptor.token(m, p), AcceptedDescriptor.orderId(m, p),
                    AcceptedDescriptor.symbol(m, p), AcceptedDescriptor.side(m, p), AcceptedDescriptor.orderType(m, p),
                    AcceptedDescriptor.timeInForce(m, p), AcceptedDescriptor.price(m, p), AcceptedDescriptor.quantity(m, p));
            case RejectedDescriptor.TYPE -> listener.onRejected(seq, RejectedDescriptor.token(m, p), RejectedDescriptor.reason(m, p));
            case ExecutedDescriptor.TYPE -> listener.onExecuted(seq, ExecutedDescriptor.token(m, p), ExecutedDescriptor.orderId(m, p),
                    ExecutedDescriptor.matchId(m, p), ExecutedDescriptor.price(m, p), ExecutedDescriptor.quantity(m, p),
                    ExecutedDescriptor.leavesQuantity(m, p), ExecutedDescriptor.liquidity(m, p));
            case CanceledDescriptor.TYPE -> listener.onCanceled(seq, CanceledDescriptor.token(m, p), CanceledDescriptor.orderId(m, p),
                    CanceledDescriptor.canceledQuantity(m, p), CanceledDescriptor.reason(m, p));
            case ReplacedDescriptor.TYPE -> listener.onReplaced(seq, ReplacedDescriptor.oldToken(m, p),
                    ReplacedDescriptor.newToken(m, p), ReplacedDescriptor.orderId(m, p), ReplacedDescriptor.price(m, p),
                    ReplacedDescriptor.quantity(m, p), ReplacedDescriptor.keptPriority(m, p) == 1);
            case CancelRejectDescriptor.TYPE -> listener.onCancelReject(seq, CancelRejectDescriptor.token(m, p),
                    CancelRejectDescriptor.reason(m, p));
            case ReplaceRejectDescriptor.TYPE -> listener.onReplaceReject(seq, ReplaceRejectDescriptor.existingToken(m, p),
                    ReplaceRejectDescriptor.replacementToken(m, p), ReplaceRejectDescriptor.reason(m, p));
            case MassCancelAckDescriptor.TYPE -> listener.onMassCancelAck(seq, MassCancelAckDescriptor.symbol(m, p),
                    MassCancelAckDescriptor.canceledCount(m, p), MassCancelAckDescriptor.reason(m, p));
            default -> listener.onUndecodable(seq, t);
        }
    }
}
