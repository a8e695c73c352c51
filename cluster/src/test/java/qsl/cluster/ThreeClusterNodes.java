package qsl.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Three clustered nodes ({@link ClusterNodeMain}) as child JVMs on loopback, for the three-JVM
 * tests: node {@code m} serves SoupBinTCP on {@link #soupPort(int)} and, when asked for, FIX on
 * {@link #fixPort(int)}; users alice (account 1) and bob (account 2) with password {@code pw}.
 * {@link #roles} and {@link #snapshots} follow the ROLE and SNAPSHOTS lines the nodes print.
 */
final class ThreeClusterNodes {
    final Path dir;
    final int base;
    final Map<Integer, String> roles = new ConcurrentHashMap<>();
    final Map<Integer, Integer> snapshots = new ConcurrentHashMap<>();
    final MemberProcess[] nodes = new MemberProcess[3];

    /** Lays out (does not start) three nodes that take a policy snapshot every {@code snapshotEvery} commands. */
    ThreeClusterNodes(String scratchName, int snapshotEvery, boolean fix) throws IOException {
        dir = ClusterDemo.scratch(scratchName);
        base = 25000 + (int) (ProcessHandle.current().pid() % 100) * 40;
        ClusterLayout layout = ClusterLayout.loopback(3, base);
        Path accounts = dir.resolve("accounts");
        Files.createDirectories(dir);
        Files.writeString(accounts, "alice 1 pw\nbob 2 pw\n");
        for (int m = 0; m < 3; m++) {
            int member = m;
            List<String> cmd = MemberProcess.javaCommand();
            cmd.addAll(List.of(ClusterNodeMain.class.getName(), "--member", Integer.toString(m), "--port-base", Integer.toString(base),
                    "--dir", dir.resolve("node-" + m).toString(), "--port", Integer.toString(soupPort(m)), "--accounts", accounts.toString(),
                    "--snapshot-every", Integer.toString(snapshotEvery)));
            if (fix) cmd.addAll(List.of("--fix-port", Integer.toString(fixPort(m))));
            nodes[m] = new MemberProcess(m, layout, dir.resolve("node-" + m), 1_000, new ConcurrentHashMap<>(), null, cmd, line -> {
                if (line.startsWith("ROLE ")) roles.put(member, line.substring(line.indexOf("role=") + 5).trim());
                if (line.startsWith("SNAPSHOTS ")) snapshots.put(member, Integer.parseInt(line.substring(line.indexOf("taken=") + 6).trim()));
            });
        }
    }

    int soupPort(int member) {
        return base + 35 + member;
    }

    int fixPort(int member) {
        return base + 30 + member;
    }

    /** Starts the three, waits until each is ready and one is leader, and returns the leader's member id. */
    int startAndAwaitLeader() throws Exception {
        for (MemberProcess n : nodes) n.start();
        for (MemberProcess n : nodes) LocalCluster.await("node ready", LocalCluster.PATIENCE_MS, n::ready, null);
        int[] leader = {-1};
        LocalCluster.await("a leader", LocalCluster.PATIENCE_MS, () -> {
            roles.forEach((m, r) -> { if (r.equals("LEADER")) leader[0] = m; });
            return leader[0] >= 0;
        }, null);
        return leader[0];
    }

    /** Stops every node (SIGTERM, then SIGKILL after 5 s). */
    void stop() {
        for (MemberProcess n : nodes) n.stop(5_000);
    }
}
