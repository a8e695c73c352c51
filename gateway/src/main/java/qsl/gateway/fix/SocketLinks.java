package qsl.gateway.fix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One listening TCP port, its selector and the {@link SocketLink}s it accepted: the socket half
 * of a FIX front end's select loop. The owner's thread calls {@link #select} (accepts, and hands
 * each readable connection to its {@link Handler}), does its own work, then {@link #flush()}
 * (writes each link's queued bytes and retires the links that closed). Every method but
 * {@link #wakeup()} runs on that one thread.
 *
 * @param <C> the owner's state for one connection (attached to its selection key)
 */
public final class SocketLinks<C> implements AutoCloseable {
    /** What the owner keeps and does per connection. */
    public interface Handler<C> {
        /** A connection was accepted on {@code link}: the owner's state for it. */
        C accepted(SocketLink link);

        /** The link of a connection. */
        SocketLink link(C connection);

        /** The connection's socket has bytes, or its end, to read. */
        void readable(C connection);

        /**
         * The connection's link is closed, or closing with everything written: whether the owner is
         * done with it. True closes the socket and forgets the connection; false asks again next flush.
         */
        boolean ended(C connection);
    }

    private final Handler<C> handler;
    private final int linkBuffer;
    private final Selector selector;
    private final ServerSocketChannel server;
    private final List<C> connections = new ArrayList<>();
    private final Consumer<SelectionKey> onReady = this::ready; // a field, not a capturing lambda: no allocation per select
    private volatile boolean reading = true;

    /** Binds {@code host:port} (0: any free port); each accepted link queues up to {@code linkBuffer} outbound bytes. */
    public SocketLinks(String host, int port, int linkBuffer, Handler<C> handler) throws IOException {
        this.handler = handler;
        this.linkBuffer = linkBuffer;
        this.selector = Selector.open();
        this.server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(host, port));
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
    }

    public InetSocketAddress address() throws IOException {
        return (InetSocketAddress) server.getLocalAddress();
    }

    /** Open connections, in accept order (flush removes the ended ones). */
    public int size() {
        return connections.size();
    }

    public C get(int i) {
        return connections.get(i);
    }

    /** Waits up to {@code timeoutMillis} for sockets to become ready and handles each (accept or {@link Handler#readable}). */
    public void select(long timeoutMillis) throws IOException {
        selector.select(onReady, timeoutMillis);
    }

    /** Ends a {@link #select} early. Any thread. */
    public void wakeup() {
        selector.wakeup();
    }

    /** Stops handing readable connections to the handler (input is no longer read); output keeps flowing. Any thread. */
    public void stopReading() {
        reading = false;
        selector.wakeup();
    }

    /** Writes each link's queued bytes; a link closed, or closing with nothing left to write, ends its connection. */
    public void flush() {
        for (int i = connections.size() - 1; i >= 0; i--) {
            C c = connections.get(i);
            SocketLink l = handler.link(c);
            boolean done = l.flush();
            if ((l.closed() || (l.closing() && done)) && handler.ended(c)) {
                l.closeNow();
                connections.remove(i);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void ready(SelectionKey k) {
        if (!k.isValid()) return;
        try {
            if (k.isAcceptable()) accept();
            else if (k.isReadable() && reading) handler.readable((C) k.attachment());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept() throws IOException {
        SocketChannel ch;
        while ((ch = server.accept()) != null) {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            SelectionKey k = ch.register(selector, SelectionKey.OP_READ);
            C c = handler.accepted(new SocketLink(ch, k, linkBuffer));
            k.attach(c);
            connections.add(c);
        }
    }

    /** Closes every connection, the listening socket and the selector. After the owner's thread ended. */
    @Override
    public void close() {
        for (C c : connections) handler.link(c).closeNow();
        try {
            server.close();
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
