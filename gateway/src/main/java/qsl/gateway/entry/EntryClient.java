package qsl.gateway.entry;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A small blocking SoupBinTCP order-entry client, written from {@code docs/wire.md}: for tests,
 * the demo and people trying the node. Not for hot paths (it allocates per message).
 */
public final class EntryClient implements AutoCloseable {
    /** One packet from the server: its SoupBinTCP type and payload (for {@code S}: the message). */
    public record Packet(byte type, byte[] payload) {
        /** The order-entry message type of a Sequenced Data packet. */
        public byte messageType() {
            return payload.length > 0 ? payload[0] : 0;
        }

        public long longAt(int offset) {
            return ByteBuffer.wrap(payload).getLong(offset);
        }

        public int intAt(int offset) {
            return ByteBuffer.wrap(payload).getInt(offset);
        }

        public byte byteAt(int offset) {
            return payload[offset];
        }

        /** The whole packet as on the wire (length, type, payload). */
        public byte[] wire() {
            byte[] w = new byte[3 + payload.length];
            w[0] = (byte) ((payload.length + 1) >>> 8);
            w[1] = (byte) (payload.length + 1);
            w[2] = type;
            System.arraycopy(payload, 0, w, 3, payload.length);
            return w;
        }

        @Override
        public String toString() {
            return "Packet[" + (char) type + " " + (type == 'S' ? "'" + (char) messageType() + "' " : "") + Arrays.toString(payload) + "]";
        }
    }

    /** The outcome of a login. */
    public record Login(boolean accepted, String session, long nextSequence, byte rejectReason) {}

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private long nextSequence;

    public EntryClient(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address, 5000);
        in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream(), 1 << 16));
        out = socket.getOutputStream();
    }

    public Socket socket() {
        return socket;
    }

    /** Sequence number of the next Sequenced Data packet this client expects. */
    public long nextSequence() {
        return nextSequence;
    }

    /** Sends a Login Request and reads the answer (skipping heartbeats). */
    public Login login(String user, String password, String session, long requestedSequence) throws IOException {
        byte[] p = new byte[Wire.LOGIN_REQUEST_LENGTH];
        field(p, 0, user, 6, false);
        field(p, 6, password, 10, false);
        field(p, 16, session, 10, true);
        field(p, 26, Long.toString(requestedSequence), 20, true);
        send(Wire.LOGIN_REQUEST, p);
        Packet a = readPacket(10_000);
        if (a == null) throw new EOFException("no answer to the login");
        if (a.type() == Wire.LOGIN_ACCEPTED) {
            String s = new String(a.payload(), 0, 10, StandardCharsets.US_ASCII).strip();
            long next = Long.parseLong(new String(a.payload(), 10, 20, StandardCharsets.US_ASCII).strip());
            nextSequence = next;
            return new Login(true, s, next, (byte) 0);
        }
        if (a.type() == Wire.LOGIN_REJECTED) return new Login(false, "", 0, a.payload()[0]);
        throw new IOException("unexpected answer to login: " + a);
    }

    private static void field(byte[] p, int at, String v, int width, boolean right) {
        int pad = width - v.length();
        for (int i = 0; i < width; i++) {
            char c = right ? (i < pad ? ' ' : v.charAt(i - pad)) : (i < v.length() ? v.charAt(i) : ' ');
            p[at + i] = (byte) c;
        }
    }

    /** A symbol's 8-byte space-padded wire form. */
    public static long symbol(String name) {
        long k = 0;
        for (int i = 0; i < 8; i++) k = (k << 8) | (i < name.length() ? name.charAt(i) & 0xFF : ' ');
        return k;
    }

    public void enter(long token, String symbol, char side, char type, char tif, long price, long quantity) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(Wire.ENTER_LENGTH);
        b.put(Wire.ENTER_ORDER).putLong(token).putLong(symbol(symbol)).put((byte) side).put((byte) type).put((byte) tif)
                .putLong(price).putLong(quantity);
        send(Wire.UNSEQUENCED, b.array());
    }

    public void cancel(long token) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(Wire.CANCEL_LENGTH);
        b.put(Wire.CANCEL_ORDER).putLong(token);
        send(Wire.UNSEQUENCED, b.array());
    }

    public void replace(long token, long newToken, long price, long quantity) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(Wire.REPLACE_LENGTH);
        b.put(Wire.REPLACE_ORDER).putLong(token).putLong(newToken).putLong(price).putLong(quantity);
        send(Wire.UNSEQUENCED, b.array());
    }

    /** Mass cancel of one symbol, or of every symbol when {@code symbol} is empty. */
    public void massCancel(String symbol) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(Wire.MASS_LENGTH);
        b.put(Wire.MASS_CANCEL).putLong(symbol(symbol));
        send(Wire.UNSEQUENCED, b.array());
    }

    public void heartbeat() throws IOException {
        send(Wire.CLIENT_HEARTBEAT, new byte[0]);
    }

    public void logout() throws IOException {
        send(Wire.LOGOUT_REQUEST, new byte[0]);
    }

    /** Sends one packet of {@code type} with {@code payload}. */
    public synchronized void send(byte type, byte[] payload) throws IOException {
        byte[] w = new byte[3 + payload.length];
        w[0] = (byte) ((payload.length + 1) >>> 8);
        w[1] = (byte) (payload.length + 1);
        w[2] = type;
        System.arraycopy(payload, 0, w, 3, payload.length);
        out.write(w);
    }

    /** Sends raw bytes (for tests of malformed input). */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next packet of any type, or null on timeout; EOFException when the server closed. */
    public Packet readPacket(long timeoutMillis) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeoutMillis));
        try {
            int len = in.readUnsignedShort();
            if (len == 0) throw new IOException("packet of length 0");
            byte type = in.readByte();
            byte[] payload = new byte[len - 1];
            in.readFully(payload);
            if (type == Wire.SEQUENCED) nextSequence++;
            return new Packet(type, payload);
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    /** The next Sequenced Data packet, skipping heartbeats; null on timeout. */
    public Packet next(long timeoutMillis) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) return null;
            Packet p = readPacket(left);
            if (p == null) return null;
            if (p.type() == Wire.SEQUENCED) return p;
            if (p.type() == Wire.SERVER_HEARTBEAT) continue;
            if (p.type() == Wire.END_OF_SESSION) throw new EOFException("end of session");
        }
    }

    /** True when the server has closed the connection (waits up to {@code timeoutMillis}), skipping any packets. */
    public boolean closedByServer(long timeoutMillis) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        try {
            while (System.currentTimeMillis() < deadline) readPacket(Math.max(1, deadline - System.currentTimeMillis()));
        } catch (EOFException | java.net.SocketException e) {
            return true;
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
