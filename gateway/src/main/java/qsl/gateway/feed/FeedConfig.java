package qsl.gateway.feed;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
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
 * @param multicastInterface the name or an address of the interface the group's packets leave by, or
 *     null: the one holding {@code host} ({@code feed.multicast.interface})
 * @param multicastTtl the group packets' hop limit ({@code feed.multicast.ttl}, default 1: this subnet)
 * @param retention messages kept for re-requests, a power of two ({@code feed.retention})
 * @param heartbeatMillis a quiet feed heartbeats this often ({@code feed.heartbeat.millis})
 * @param maxPacket largest UDP payload ({@code feed.max.packet}: the MTU less IP and UDP headers)
 */
public record FeedConfig(String host, int port, int snapshotPort, String multicast, String multicastInterface, int multicastTtl,
                         int retention, long heartbeatMillis, int maxPacket) {
    public static final int DEFAULT_PORT = 7004;
    public static final int DEFAULT_SNAPSHOT_PORT = 7005;

    public FeedConfig {
        if (Integer.bitCount(retention) != 1 || retention < 2) throw new IllegalArgumentException("feed.retention must be a power of two: " + retention);
        if (maxPacket < 64 || maxPacket > 65_000) throw new IllegalArgumentException("feed.max.packet must be 64..65000: " + maxPacket);
        if (heartbeatMillis < 1) throw new IllegalArgumentException("feed.heartbeat.millis must be >= 1");
        if (multicastTtl < 0 || multicastTtl > 255) throw new IllegalArgumentException("feed.multicast.ttl must be 0..255: " + multicastTtl);
        if (multicast != null && multicast.lastIndexOf(':') < 1) throw new IllegalArgumentException("feed.multicast must be GROUP:PORT: " + multicast);
    }

    public static FeedConfig defaults() {
        return new FeedConfig("127.0.0.1", DEFAULT_PORT, DEFAULT_SNAPSHOT_PORT, null, null, 1, 1 << 16, 1_000, 1400);
    }

    public static FeedConfig read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        FeedConfig d = defaults();
        String mc = p.getProperty("feed.multicast");
        String mif = p.getProperty("feed.multicast.interface");
        return new FeedConfig(p.getProperty("host", d.host).strip(),
                Integer.parseInt(p.getProperty("feed.port", Integer.toString(d.port)).strip()),
                Integer.parseInt(p.getProperty("feed.snapshot.port", Integer.toString(d.snapshotPort)).strip()),
                mc == null || mc.isBlank() ? null : mc.strip(), mif == null || mif.isBlank() ? null : mif.strip(),
                Integer.parseInt(p.getProperty("feed.multicast.ttl", Integer.toString(d.multicastTtl)).strip()),
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
        return new FeedConfig(host, udp, tcp, multicast, multicastInterface, multicastTtl, retention, heartbeatMillis, maxPacket);
    }

    /** The same with the stream also sent to {@code group} ({@code GROUP:PORT}) out of {@code networkInterface} (null: the one holding {@code host}). */
    public FeedConfig withMulticast(String group, String networkInterface) {
        return new FeedConfig(host, port, snapshotPort, group, networkInterface, multicastTtl, retention, heartbeatMillis, maxPacket);
    }

    /** {@code GROUP:PORT} as a socket address. */
    public static InetSocketAddress parseGroup(String groupAndPort) throws IOException {
        int colon = groupAndPort.lastIndexOf(':');
        if (colon < 1) throw new IllegalArgumentException("expected GROUP:PORT: " + groupAndPort);
        String g = groupAndPort.substring(0, colon);
        if (g.startsWith("[") && g.endsWith("]")) g = g.substring(1, g.length() - 1);
        InetSocketAddress a = new InetSocketAddress(InetAddress.getByName(g), Integer.parseInt(groupAndPort.substring(colon + 1)));
        if (!a.getAddress().isMulticastAddress()) throw new IllegalArgumentException(g + " is not a multicast group");
        return a;
    }

    /** An interface by name ({@code lo}, {@code eth0}) or by one of its addresses; null for null. */
    public static NetworkInterface parseInterface(String nameOrAddress) throws IOException {
        if (nameOrAddress == null) return null;
        NetworkInterface i = NetworkInterface.getByName(nameOrAddress);
        if (i == null) i = NetworkInterface.getByInetAddress(InetAddress.getByName(nameOrAddress));
        if (i == null) throw new IllegalArgumentException("no network interface " + nameOrAddress);
        return i;
    }

    public boolean enabled() { return port >= 0; }

    /**
     * Opens the node's feed (sockets bound, not yet started): {@link NodeFeed#start} after the node has
     * started. Its session is named after the next start number of {@code dataDir} ({@link FeedEpoch}).
     */
    public NodeFeed open(int maxOrders, Path dataDir) throws IOException {
        InetAddress a = InetAddress.getByName(host);
        InetSocketAddress group = multicast == null ? null : parseGroup(multicast);
        String session = FeedEpoch.sessionName(FeedEpoch.next(dataDir));
        return new NodeFeed(session, new InetSocketAddress(a, port), new InetSocketAddress(a, snapshotPort), group,
                parseInterface(multicastInterface), multicastTtl, maxPacket, retention, heartbeatMillis * 1_000_000L, 256, maxOrders);
    }
}
