package qsl.gateway.fix;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import qsl.gateway.Accounts;
import qsl.gateway.Node;
import qsl.gateway.NodeConfig;
import qsl.wal.DurabilityMode;

/** An in-process node with its FIX acceptor on 127.0.0.1 over a temporary directory. */
final class FixNodeFixture implements AutoCloseable {
    static final List<String> ACCOUNTS = List.of("alice 1 alicepw", "bob 2 bobpw", "carol 3 carolpw cancel-on-disconnect");

    final Path dir;
    Node node;
    FixGateway fix;

    FixNodeFixture() throws IOException {
        dir = Files.createTempDirectory("qsl-fix-test-");
    }

    static NodeConfig config(Path data) {
        return NodeConfig.defaults(data).withPort(0).withDurability(DurabilityMode.BATCH).withPin(false)
                .withTimeouts(1_000, 30_000, 1 << 20).withSizes(64L << 20, 1 << 16, 1 << 14, 1 << 12);
    }

    FixNodeFixture start(int fixPort) throws IOException {
        Accounts accounts = Accounts.parse(ACCOUNTS, "test");
        NodeConfig c = config(dir.resolve("data"));
        Node.Builder b = new Node.Builder(c).accounts(accounts).log(new PrintStream(OutputStream.nullOutputStream()));
        FixGateway g = FixGateway.prepare(b, FixConfig.defaults().withPort(fixPort), accounts, true);
        node = b.start();
        fix = g.log(new PrintStream(OutputStream.nullOutputStream())).start(node, c.dataDir());
        return this;
    }

    int fixPort() throws IOException {
        return fix.address().getPort();
    }

    int soupPort() throws IOException {
        return node.address().getPort();
    }

    void stop() {
        if (fix != null) fix.stopReading();
        if (node != null) node.stop(2_000);
        if (fix != null) fix.close();
        if (node != null) node.close();
        node = null;
        fix = null;
    }

    @Override
    public void close() throws IOException {
        stop();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
