package qsl.gateway.feed;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The node's market-data feed settings, from the node's properties file (keys {@code feed.*},
 * see {@code docs/feed.md}).
 *
 * @param host the address the feed's UDP and TCP sockets bind (the node's {@code host})
 * @param port UDP port of the stream and the re-request server ({@code feed.port}; 0 any free port; -1 no feed)
 * @param snapshotPort TCP port of the snapshot service ({@code feed.snapshot.port}; 0 any free port)
 * @param multicast {@code group:port} to send the stream to as well, or null ({@code feed.multicast})
 * @param retention messages kept for re-requests, a power of two ({@code feed.retention})
 * @param heartbeatMillis a quiet feed heartbeats this often ({@code feed.heartbeat.millis})
 * @param maxPacket largest UDP payload ({@code feed.max.packet}: the MTU less IP and UDP headers)
 */
public record FeedConfig(String host, int port, int snapshotPort, String multicast, int retention, long heartbeatMillis,
                         int maxPacket) {
    public static final int DEFAULT_PORT = 7004;
    public static final int DEFAULT_SNAPSHOT_PORT = 7005;

    public FeedConfig {
        if (Integer.bitCount(retention) != 1 || retention < 2) throw new IllegalArgumentException("feed.retention must be a power of two: " + retention);
        if (maxPacket < 64 || maxPacket > 65_000) throw new IllegalArgumentException("feed.max.packet must be 64..65000: " + maxPacket);
        if (heartbeatMillis < 1) throw new IllegalArgumentException("feed.heartbeat.millis must be >= 1");
    }

    public static FeedConfig defaults() {
        return new FeedConfig("127.0.0.1", DEFAULT_PORT, DEFAULT_SNAPSHOT_PORT, null, 1 << 16, 1_000, 1400);
    }

    public static FeedConfig read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        FeedConfig d = defaults();
        String mc = p.getProperty("feed.multicast");
        return new FeedConfig(p.getProperty("host", d.host).strip(),
                Integer.parseInt(p.getProperty("feed.port", Integer.toString(d.port)).strip()),
                Integer.parseInt(p.getProperty("feed.snapshot.port", Integer.toString(d.snapshotPort)).strip()),
                mc == null || mc.isBlank() ? null : mc.strip(),
                Integer.parseInt(p.getProperty("feed.retention", Integer.toString(d.retention)).strip()),
                Long.parseLong(p.getProperty("feed.heartbeat.millis", Long.toString(d.heartbeatMillis)).strip()),
                Integer.parseInt(p.getProperty("feed.max.packet", Integer.toString(d.maxPacket)).strip()));
    }

    /** The feed settings of {@code file} if it names a {@code feed.port} (the feed is opt-in there), else null. */
    public static FeedConfig readIfConfigured(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return p.getProperty("feed.port") == null ? null : read(file);
    }

    public FeedConfig withPorts(int udp, int tcp) {
        return new FeedConfig(host, udp, tcp, multicast, retention, heartbeatMillis, maxPacket);
    }

    public boolean enabled() { return port >= 0; }

    /** Opens the node's feed (sockets bound, not yet started): {@link NodeFeed#start} after the node has started. */
    public NodeFeed open(int maxOrders) throws IOException {
        InetAddress a = InetAddress.getByName(host);
        InetSocketAddress group = null;
        if (multicast != null) {
            int colon = multicast.lastIndexOf(':');
            group = new InetSocketAddress(InetAddress.getByName(multicast.substring(0, colon)), Integer.parseInt(multicast.substring(colon + 1)));
        }
        String session = "Q" + Long.toString(System.currentTimeMillis() / 1000, 36).toUpperCase(java.util.Locale.ROOT);
        return new NodeFeed(session, new InetSocketAddress(a, port), new InetSocketAddress(a, snapshotPort), group, maxPacket, retention,
                heartbeatMillis * 1_000_000L, 256, maxOrders);
    }
}
