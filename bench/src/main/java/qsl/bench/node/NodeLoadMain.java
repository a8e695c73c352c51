package qsl.bench.node;

import java.net.InetSocketAddress;

/** Debug entry: NodeLoadMain host port sessions rate seconds [warm-up rate for 3 s first, unrecorded]. */
public final class NodeLoadMain {
    private NodeLoadMain() {}

    public static void main(String[] a) throws Exception {
        try (NodeLoad l = new NodeLoad(new InetSocketAddress(a[0], Integer.parseInt(a[1])), NodeChild.users(0, Integer.parseInt(a[2])),
                NodeChild.PASSWORD, 42, null)) {
            if (a.length > 5) {
                l.run(Double.parseDouble(a[5]), 0, 3_000_000_000L, 2_000_000_000L);
                l.settle(NodeLoad.SETTLE_NANOS);
            }
            for (int k = 0; k < Integer.getInteger("runs", 3); k++) {
                if (k == 1 && l.slackProblem != null) System.out.println("timer slack: " + l.slackProblem);
                l.run(Double.parseDouble(a[3]), 500_000_000L, (long) (Double.parseDouble(a[4]) * 1e9), 2_000_000_000L);
                System.out.printf("sent %d answered %d unanswered %d mismatched %d rejects %d lag p50 %d max %d us p50 %d p99 %d max %d us%n", l.sent, l.answered,
                        l.unanswered, l.mismatched, l.rejects, l.sendLag.getValueAtPercentile(50) / 1000, l.maxSendLagNanos / 1000, l.rtt.getValueAtPercentile(50) / 1000,
                        l.rtt.getValueAtPercentile(99) / 1000, l.rtt.getMaxValue() / 1000);
            }
        }
    }
}
