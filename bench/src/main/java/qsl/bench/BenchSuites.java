package qsl.bench;

import java.util.List;
import qsl.bench.downcall.DowncallSuite;
import qsl.bench.engine.EngineSuite;
import qsl.bench.feed.FeedSuite;
import qsl.bench.node.NodeSuite;
import qsl.bench.node.NodeSyncsSuite;
import qsl.bench.protocol.ProtocolSuite;
import qsl.bench.fix.FixSuite;
import qsl.bench.ring.RingSuite;
import qsl.bench.wal.WalSuite;

/** Every suite {@code ./qsl bench} knows, in the order it runs them. */
public final class BenchSuites {
    private BenchSuites() {}

    public static List<BenchSuite> all() {
        return List.of(new EngineSuite(), new RingSuite(), new WalSuite(), new DowncallSuite(), new ProtocolSuite(), new FeedSuite(),
                new FixSuite(), new NodeSuite(), new NodeSyncsSuite());
    }
}
