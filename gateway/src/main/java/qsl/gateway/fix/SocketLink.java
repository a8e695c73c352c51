package qsl.gateway.fix;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * A FIX connection's socket: outbound bytes are queued in a direct buffer and written by the
 * gateway thread after its journal is durable ({@link #flush()}). A peer that lets more than the
 * buffer pile up is dropped (slow consumer): its messages stay kept for a resend.
 */
public final class SocketLink implements FixLink {
    final SocketChannel channel;
    final SelectionKey key;
    FixConnection connection;
    private final ByteBuffer out;
    private final MemorySegment outSeg;
    private boolean closing;
    private boolean closed;

    public SocketLink(SocketChannel channel, SelectionKey key, int bufferBytes) {
        this.channel = channel;
        this.key = key;
        this.out = ByteBuffer.allocateDirect(bufferBytes);
        this.outSeg = MemorySegment.ofBuffer(out);
    }

    /** The socket (the owner reads it). */
    public SocketChannel channel() {
        return channel;
    }

    @Override
    public void send(MemorySegment s, long off, int len) {
        if (closed) return;
        if (out.remaining() < len) { // slow consumer
            closing = true;
            return;
        }
        MemorySegment.copy(s, off, outSeg, out.position(), len);
        out.position(out.position() + len);
    }

    @Override
    public void close() {
        closing = true;
    }

    public boolean closing() { return closing; }

    public boolean closed() { return closed; }

    /** Writes what is queued; true when everything was written. */
    public boolean flush() {
        if (closed) return true;
        if (out.position() == 0) return true;
        out.flip();
        try {
            channel.write(out);
        } catch (IOException e) {
            out.clear();
            closing = true;
            return true;
        }
        out.compact();
        boolean done = out.position() == 0;
        if (key.isValid()) key.interestOps(done ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        return done;
    }

    public void closeNow() {
        if (closed) return;
        closed = true;
        key.cancel();
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
