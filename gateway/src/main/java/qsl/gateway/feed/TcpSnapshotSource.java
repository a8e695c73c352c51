package qsl.gateway.feed;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.Socket;
import qsl.protocol.itch.SnapshotRequestDescriptor;

/**
 * Fetches snapshots from a {@link FeedServer}'s TCP snapshot service: one connection per snapshot,
 * a {@link SnapshotRequestDescriptor} for every symbol, then length-prefixed messages until
 * END_OF_SNAPSHOT. Blocking, with a read timeout; recovery only, so it may allocate (the socket).
 */
public final class TcpSnapshotSource implements SnapshotSource {
    private final InetSocketAddress address;
    private final int timeoutMillis;
    private final byte[] buffer = new byte[64 * 1024];
    private final MemorySegment segment = MemorySegment.ofArray(buffer);
    private final byte[] request = new byte[SnapshotRequestDescriptor.FRAME_LENGTH];

    public TcpSnapshotSource(InetSocketAddress address, int timeoutMillis) {
        this.address = address;
        this.timeoutMillis = timeoutMillis;
        SnapshotRequestDescriptor.write(MemorySegment.ofArray(request), 0, SnapshotRequestDescriptor.ALL_SYMBOLS);
    }

    @Override
    public boolean fetch(FeedClient client) {
        try (Socket s = new Socket()) {
            s.connect(address, timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            s.getOutputStream().write(request);
            InputStream in = s.getInputStream();
            int have = 0;
            while (true) {
                int r = in.read(buffer, have, buffer.length - have);
                if (r < 0) return false;
                have += r;
                int p = 0;
                while (have - p >= 2) {
                    int len = ((buffer[p] & 0xff) << 8) | (buffer[p + 1] & 0xff);
                    if (have - p - 2 < len) break;
                    int answer = client.snapshotMessage(segment, p + 2, len);
                    p += 2 + len;
                    if (answer == FeedClient.SNAPSHOT_DONE) return true;
                    if (answer == FeedClient.SNAPSHOT_BAD) return false;
                }
                System.arraycopy(buffer, p, buffer, 0, have - p);
                have -= p;
            }
        } catch (IOException e) {
            return false;
        }
    }
}
