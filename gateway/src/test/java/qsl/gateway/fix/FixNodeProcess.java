package qsl.gateway.fix;

import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import qsl.gateway.Accounts;
import qsl.gateway.Node;
import qsl.gateway.NodeConfig;

/**
 * A node with its FIX acceptor in a process of its own, for the kill -9 test:
 * {@code FixNodeProcess <dataDir> <fixPort>}. Prints {@code READY <fixPort>} once listening and
 * runs until killed.
 */
public final class FixNodeProcess {
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        Accounts accounts = Accounts.parse(FixNodeFixture.ACCOUNTS, "test");
        NodeConfig c = FixNodeFixture.config(data);
        Node.Builder b = new Node.Builder(c).accounts(accounts);
        FixGateway g = FixGateway.prepare(b, FixConfig.defaults().withPort(port), accounts, true);
        Node node = b.start();
        g.start(node, data);
        System.out.println("READY " + g.address().getPort());
        System.out.flush();
        while (true) LockSupport.parkNanos(1_000_000_000L);
    }
}
