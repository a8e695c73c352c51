package qsl.gateway.entry;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import qsl.gateway.store.SessionStore;

/** One TCP connection of the SoupBinTCP gateway; gateway thread only. */
final class Connection {
    /** Largest packet the gateway reads: a Login Request, an order-entry message, a short debug text. */
    static final int MAX_PACKET = 1024;

    final SocketChannel channel;
    final String remote;
    SelectionKey key;
    final ByteBuffer in = ByteBuffer.allocateDirect(64 << 10);
    final MemorySegment inSeg = MemorySegment.ofBuffer(in);
    final ByteBuffer ctl = ByteBuffer.allocateDirect(512);
    final MemorySegment ctlSeg = MemorySegment.ofBuffer(ctl);

    int session = -1;
    String username;
    int account;
    long usernameKey;
    SessionStore store;
    ByteBuffer view;
    long sendPos;
    /** Where the replay the login asked for ends; the slow-consumer limit applies after it. */
    long replayEnd;

    final long opened;
    long lastReceive;
    long lastSend;
    /** Input holds a complete packet the engine ring had no room for. */
    boolean blocked;
    /** Close once the control buffer (a Login Rejected) is written. */
    String closeAfterFlush;
    boolean closed;

    Connection(SocketChannel channel, String remote, long now) {
        this.channel = channel;
        this.remote = remote;
        this.opened = now;
        this.lastReceive = now;
        this.lastSend = now;
    }

    String who() {
        return (username == null ? "?" : username) + "@" + remote;
    }
}
