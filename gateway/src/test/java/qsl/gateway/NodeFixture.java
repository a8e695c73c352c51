package qsl.gateway;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import qsl.gateway.entry.EntryClient;
import qsl.wal.DurabilityMode;

/** Starts in-process nodes on 127.0.0.1 over a temporary directory, for the loopback tests. */
final class NodeFixture implements AutoCloseable {
    static final List<String> ACCOUNTS = List.of(
            "alice 1 alicepw",
            "bob   2 bobpw",
            "carol 1 carolpw",
            "dave  3 davepw cancel-on-disconnect",
            "slow  4 slowpw",
            "eve   5 evepw");

    final Path dir;
    Node node;

    NodeFixture() throws IOException {
        dir = Files.createTempDirectory("qsl-node-test-");
    }

    NodeConfig config() {
        return NodeConfig.defaults(dir.resolve("data")).withPort(0).withDurability(DurabilityMode.BATCH).withPin(false)
                .withTimeouts(200, 5_000, 1 << 20).withSizes(64L << 20, 1 << 16, 1 << 14, 1 << 12);
    }

    /**
     * A batch-mode configuration for a node in a child JVM over {@code dir} ({@code dir/data}), with
     * the {@link #ACCOUNTS} file written to {@code dir/accounts}.
     */
    static NodeConfig childConfig(Path dir, NodeThreading threading) throws IOException {
        Path accounts = dir.resolve("accounts");
        Files.write(accounts, ACCOUNTS);
        return NodeConfig.defaults(dir.resolve("data")).withPort(0).withDurability(DurabilityMode.BATCH).withPin(false)
                .withAccountsFile(accounts).withTimeouts(500, 10_000, 64L << 20).withSizes(256L << 20, 1 << 16, 1 << 16, 1 << 14)
                .withThreading(threading);
    }

    Node start() throws IOException {
        return start(config());
    }

    Node start(NodeConfig c) throws IOException {
        node = new Node.Builder(c).accounts(Accounts.parse(ACCOUNTS, "test")).log(new PrintStream(OutputStream.nullOutputStream())).start();
        return node;
    }

    InetSocketAddress address() throws IOException {
        return new InetSocketAddress("127.0.0.1", node.address().getPort());
    }

    EntryClient login(String user) throws IOException {
        EntryClient c = new EntryClient(address());
        EntryClient.Login l = c.login(user, user + "pw", "", 1);
        if (!l.accepted()) throw new IOException("login of " + user + " refused: " + (char) l.rejectReason());
        return c;
    }

    @Override
    public void close() throws IOException {
        if (node != null) node.close();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
