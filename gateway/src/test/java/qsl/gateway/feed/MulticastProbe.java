package qsl.gateway.feed;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/** Whether a multicast group delivers on the loopback interface of this host (tests skip the multicast case otherwise). */
final class MulticastProbe {
    private MulticastProbe() {}

    /** Null when a datagram sent to {@code group} out of the loopback interface comes back to a member within 2 s, else why not. */
    static String whyNot(InetSocketAddress group) {
        try {
            InetAddress lo = InetAddress.getLoopbackAddress();
            NetworkInterface nif = NetworkInterface.getByInetAddress(lo);
            if (nif == null) return "no loopback interface";
            try (DatagramChannel r = DatagramChannel.open(StandardProtocolFamily.INET);
                 DatagramChannel s = DatagramChannel.open(StandardProtocolFamily.INET)) {
                r.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                r.bind(new InetSocketAddress(group.getAddress(), group.getPort()));
                r.join(group.getAddress(), nif);
                r.configureBlocking(false);
                s.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
                s.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
                s.bind(new InetSocketAddress(lo, 0));
                ByteBuffer in = ByteBuffer.allocate(16);
                long deadline = System.nanoTime() + 2_000_000_000L;
                while (System.nanoTime() < deadline) {
                    s.send(ByteBuffer.wrap(new byte[] {1}), group);
                    Thread.sleep(20);
                    in.clear();
                    SocketAddress from = r.receive(in);
                    if (from != null) return null;
                }
                return "a datagram sent to " + group + " on " + nif.getName() + " never arrived";
            }
        } catch (Exception e) {
            return e.toString();
        }
    }
}
