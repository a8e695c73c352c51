package qsl.app;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import qsl.gateway.Accounts;
import qsl.gateway.InboundPort;
import qsl.gateway.Node;
import qsl.gateway.NodeConfig;
import qsl.gateway.NodeProcess;
import qsl.gateway.SessionCommandDescriptor;
import qsl.gateway.SnapshotSchedule;
import qsl.gateway.entry.EntryClient;
import qsl.gateway.entry.Wire;
import qsl.perf.results.ResultsFile;
import qsl.perf.results.RunMetadata;
import qsl.wal.DurabilityMode;
import qsl.wal.SnapshotStore;

/**
 * How long the node takes to restart from a big journal, with and without a snapshot: fills a
 * data directory with session commands (in process, through an inbound port, no snapshot), then
 * starts the node twice in a child JVM: first from snapshot 0 (the whole journal replays; its
 * SIGTERM drain writes a snapshot), then from that snapshot (nothing left to replay). Each child
 * prints its recovery time in its start banner.
 */
@Command(name = "node-restart", mixinStandardHelpOptions = true,
        description = "Measures the node's restart from a big journal: whole-journal replay vs the newest snapshot. "
                + "Writes results/node_restart.json with --results.")
final class NodeRestartCommand implements Callable<Integer> {
    private static final Pattern RECOVERED = Pattern.compile("recovered from snapshot at sequence (\\d+) \\+ (\\d+) journal records in ([0-9.]+) ms");

    @Option(names = "--commands", defaultValue = "1000000", description = "Session commands journaled (at most 8 x 131072 with --rest-every 8: the resting orders must fit) before the restarts (default ${DEFAULT-VALUE}).")
    long commands;

    @Option(names = "--rest-every", defaultValue = "8", description = "Every n-th order is a sell away from the market; the others are at one price and cross (default ${DEFAULT-VALUE}).")
    int restEvery;

    @Option(names = "--results", description = "Write results/node_restart.json.")
    boolean results;

    @Option(names = "--keep", description = "Keep the data directory (printed) instead of deleting it.")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("qsl-node-restart-");
        try {
            Accounts accounts = Accounts.parse(List.of("alice 1 alicepw", "bob 2 bobpw"), "built in");
            Path accountsFile = dir.resolve("accounts");
            Files.write(accountsFile, List.of("alice 1 alicepw", "bob 2 bobpw"));
            NodeConfig cfg = NodeConfig.defaults(dir.resolve("data")).withPort(0).withPin(false).withDurability(DurabilityMode.NONE)
                    .withAccountsFile(accountsFile).withSizes(1L << 30, 1 << 22, 1 << 18, 1 << 17)
                    .withSnapshots(SnapshotSchedule.NEVER);
            long t0 = System.nanoTime();
            long resting = fill(cfg, accounts);
            double fillSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("journaled %d session commands in %.1f s (%d orders resting)%n", commands, fillSeconds, resting);

            Path config = dir.resolve("node.properties");
            cfg.withSnapshots(new SnapshotSchedule(0, 0, true, 2)).write(config);
            Matcher full = restart(config, "whole journal");
            long snapshotBytes = Files.size(SnapshotStore.list(cfg.dataDir().resolve(Node.JOURNAL_DIR)).get(0));
            Matcher fromSnapshot = restart(config, "from the snapshot its drain wrote");
            double fullMs = Double.parseDouble(full.group(3));
            double snapMs = Double.parseDouble(fromSnapshot.group(3));
            System.out.printf("restart replaying %s records: %.1f ms; from the snapshot at sequence %s + %s records: %.1f ms "
                    + "(snapshot %d bytes)%n", full.group(2), fullMs, fromSnapshot.group(1), fromSnapshot.group(2), snapMs, snapshotBytes);
            if (Long.parseLong(full.group(2)) != commands || Long.parseLong(fromSnapshot.group(1)) != commands
                    || Long.parseLong(fromSnapshot.group(2)) != 0) {
                System.err.println("qsl node-restart: the restarts did not replay what was expected");
                return 1;
            }
            if (results) {
                String command = RunMetadata.command("./qsl node-restart --commands " + commands + " --rest-every " + restEvery + " --results");
                ResultsFile f = ResultsFile.create("node_restart", "Node restart: whole-journal replay vs newest snapshot", command)
                        .evidence("measured: one restart of each kind, each in a fresh child JVM (the recovery time the node prints "
                                + "in its start banner: snapshot read + restore + log tail replay); 2-core KVM guest, other builds "
                                + "may have been running at lower priority")
                        .meta("workload", commands + " session commands from two users taking turns (GTC limit Enter Orders: "
                                + "every " + restEvery + "th a sell away from the market, the others a sell or a buy at one price, "
                                + "which cross), durability none while filling")
                        .figure("journal_records", commands)
                        .figure("resting_orders", resting)
                        .figure("restart_full_replay_ms", fullMs)
                        .figure("restart_from_snapshot_ms", snapMs)
                        .figure("snapshot_bytes", snapshotBytes)
                        .ratio("full_replay_vs_snapshot", fullMs / snapMs);
                System.out.println("wrote " + f.write());
            }
            return 0;
        } finally {
            if (keep) {
                System.out.println("kept " + dir);
            } else {
                try (var s = Files.walk(dir)) {
                    s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** Journals the commands through an inbound port of an in-process node; returns the resting orders at the end. */
    private long fill(NodeConfig cfg, Accounts accounts) throws Exception {
        Node.Builder b = new Node.Builder(cfg).accounts(accounts).log(new PrintStream(OutputStream.nullOutputStream()));
        InboundPort port = b.inboundPort();
        try (Node node = b.start(); Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(Wire.ENTER_LENGTH);
            long[] keys = {SessionCommandDescriptor.usernameKey("alice"), SessionCommandDescriptor.usernameKey("bob")};
            long symbol = EntryClient.symbol("AAPL");
            for (long i = 1; i <= commands; i++) {
                int user = (int) (i & 1);
                boolean rest = i % restEvery == 0;
                byte side = user == 0 ? (byte) 'S' : (byte) 'B';
                long price = rest ? (user == 0 ? 15_000 : 5_000) : 10_000;
                m.set(Wire.I8, 0, Wire.ENTER_ORDER);
                m.set(Wire.I64, Wire.ENTER_TOKEN, i);
                m.set(Wire.I64, Wire.ENTER_SYMBOL, symbol);
                m.set(Wire.I8, Wire.ENTER_SIDE, side);
                m.set(Wire.I8, Wire.ENTER_TYPE, (byte) 'L');
                m.set(Wire.I8, Wire.ENTER_TIF, (byte) 'G');
                m.set(Wire.I64, Wire.ENTER_PRICE, price);
                m.set(Wire.I64, Wire.ENTER_QUANTITY, 10);
                while (!port.submit(SessionCommandDescriptor.ORIGIN_CLIENT, keys[user], user + 1, m, 0, Wire.ENTER_LENGTH)) {
                    LockSupport.parkNanos(50_000);
                }
            }
            while (node.releasedSequence() < commands) LockSupport.parkNanos(1_000_000);
            node.stop(1000);
            return node.machine().engine().restingOrders();
        }
    }

    private static Matcher restart(Path config, String what) throws Exception {
        try (NodeProcess p = NodeProcess.start(config, List.of("-Xmx2g"), 600)) {
            int exit = p.terminate(300);
            for (String l : p.output()) {
                Matcher m = RECOVERED.matcher(l);
                if (m.find()) {
                    System.out.println("restart (" + what + "): " + l + (exit == 0 ? "" : " (exit " + exit + ")"));
                    if (exit != 0) throw new IllegalStateException("the node exited " + exit + ": " + p.output());
                    return m;
                }
            }
            throw new IllegalStateException("no recovery line in the node's output: " + p.output());
        }
    }
}
