package qsl.gateway;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Function;
import qsl.wal.DurabilityMode;

/**
 * Everything a node is started with. Read from a properties file ({@code key = value} lines) by
 * {@link #read}; every key is optional and falls back to {@link #defaults(Path)}. The keys are
 * listed in {@code docs/node.md}.
 *
 * @param dataDir the node's directory (log, venue file, session stores)
 * @param host the address the order-entry port binds
 * @param port the SoupBinTCP order-entry port (0: any free port)
 * @param durability when a response may be released (see {@code docs/node.md})
 * @param batchMaxRecords batch mode: a group commit at most this many records
 * @param batchMaxMicros batch mode: a group commit at most this long after its first record
 * @param segmentBytes WAL segment size
 * @param accountsFile the accounts file; null: one demo user {@code demo}/{@code demo}, account 1
 * @param symbols the venue's symbols, fixed at the directory's first start (see {@link Venue})
 * @param pin pin the engine, gateway and journal threads through {@code affinity}
 * @param heartbeatMillis a server heartbeat after this long without output
 * @param deadPeerMillis a session silent this long is dropped
 * @param maxLagBytes a session whose unsent released output exceeds this is dropped (slow consumer)
 * @param storeBytes the largest output one session may accumulate in its store
 * @param ringBytes capacity of each of the two rings (a power of two)
 * @param maxOrders engine capacity: resting orders across all symbols
 * @param maxLivePerSession live orders one session may hold
 * @param idle what the node's threads do when they find no work ({@link NodeIdle})
 * @param snapshots when the node snapshots its state (engine and sessions) beside the log
 * @param threading how the gateway, engine and journal stages are put on threads ({@link NodeThreading})
 * @param syncsInFlight batch and sync modes: 0, the thread running the journal stage makes each group commit's
 *     fdatasync itself, one at a time; K &ge; 1, K threads make them and up to K overlap (a group commit starts
 *     while another is in flight)
 */
public record NodeConfig(Path dataDir, String host, int port, DurabilityMode durability, int batchMaxRecords,
                         long batchMaxMicros, long segmentBytes, Path accountsFile, List<Venue.Symbol> symbols,
                         boolean pin, long heartbeatMillis, long deadPeerMillis, long maxLagBytes, long storeBytes,
                         int ringBytes, int maxOrders, int maxLivePerSession, NodeIdle idle,
                         SnapshotSchedule snapshots, NodeThreading threading, int syncsInFlight) {

    public static final int DEFAULT_PORT = 7001;

    /** The embedded defaults: {@code dataDir}, port 7001 on loopback, batch durability, demo symbols. */
    public static NodeConfig defaults(Path dataDir) {
        return new NodeConfig(dataDir, "127.0.0.1", DEFAULT_PORT, DurabilityMode.BATCH, 256, 1000, 64L << 20, null,
                Venue.DEMO_SYMBOLS, false, 1000, 15_000, 8L << 20, 1L << 30, 1 << 22, 1 << 20, 1 << 16, NodeIdle.BACKOFF,
                SnapshotSchedule.DEFAULT, NodeThreading.SINGLE, DEFAULT_SYNCS_IN_FLIGHT);
    }

    /** Most group-commit syncs in flight at once; 0: the journal stage's thread makes each itself (see {@code syncsInFlight}). */
    public NodeConfig withSyncsInFlight(int k) {
        if (k < 0 || k > MAX_SYNCS_IN_FLIGHT) throw new IllegalArgumentException("syncs.in.flight must be 0 to " + MAX_SYNCS_IN_FLIGHT);
        return new NodeConfig(dataDir, host, port, durability, batchMaxRecords, batchMaxMicros, segmentBytes, accountsFile, symbols,
                pin, heartbeatMillis, deadPeerMillis, maxLagBytes, storeBytes, ringBytes, maxOrders, maxLivePerSession, idle, snapshots, threading, k);
    }

    /**
     * Default {@code syncs.in.flight}: three overlapping group commits (measured against 0, 1 and 2 by
     * {@code ./qsl bench --suite node_syncs}; ADR 0007).
     */
    public static final int DEFAULT_SYNCS_IN_FLIGHT = 3;

    /** Largest {@code syncs.in.flight}. */
    public static final int MAX_SYNCS_IN_FLIGHT = 8;

    public NodeConfig withPort(int p) {
        return new NodeConfig(dataDir, host, p, durability, batchMaxRecords, batchMaxMicros, segmentBytes, accountsFile, symbols,
                pin, heartbeatMillis, deadPeerMillis, maxLagBytes, storeBytes, ringBytes, maxOrders, maxLivePerSession, idle, snapshots, threading, syncsInFlight);
    }

    public NodeConfig withDataDir(Path d) {
        return new NodeConfig(d, host, port, durability, batchMaxRecords, batchMaxMicros, segmentBytes, accountsFile, symbols,
                pin, heartbeatMillis, deadPeerMillis, maxLagBytes, storeBytes, ringBytes, maxOrders, maxLivePerSession, idle, snapshots, threading, syncsInFlight);
    }

    public NodeConfig withDurability(DurabilityMode m) {
        return new NodeConfig(dataDir, host, port, m, batchMaxRecords, batchMaxMicros, segmentBytes, accountsFile, symbols,
                pin, heartbeatMillis, deadPeerMillis, maxLagBytes, storeBytes, ringBytes, maxOrders, maxLivePerSession, idle, snapshots, threading, syncsInFlight);
    }

    public NodeConfig withAccountsFile(Path f) {
        return new NodeConfig(dataDir, host, port, durability, batchMaxRecords, batchMaxMicros, segmentBytes, f, symbols,
                pin, heartbeatMillis, deadPeerMillis, maxLagBytes, storeBytes, ringBytes, maxOrders, maxLivePerSession, idle, snapshots, threading, syncsInFlight);
    }

    public NodeConfig withTimeouts(long heartbeat, long deadPeer, long maxLag) {
        return new NodeConfig(dataDir, host, port, durability, batchMaxRecords, batchMaxMicros, segmentBytes, accountsFile, symbols,
                pin, heartbeat, deadPeer, maxLag, storeBytes, ringBytes, maxOrders, maxLivePerSession, idle, snapshots, threading, syncsInFlight);
    }

    public NodeConfig withSizes(long store, int ring, int orders, int livePerSession) {
        return new NodeConfig(dataDir, host, port, durability, batchMaxRecords, batchMaxMicros, segmentBytes, accountsFile, symbols,
                pin, heartbeatMillis, deadPeerMillis, maxLagBytes, store, ring, orders, livePerSession, idle, snapshots, threading, syncsInFlight);
    }

    public NodeConfig withSegmentBytes(long bytes) {
        return new NodeConfig(dataDir, host, port, durability, batchMaxRecords, batchMaxMicros, bytes, accountsFile, symbols,
                pin, heartbeatMillis, deadPeerMillis, maxLagBytes, storeBytes, ringBytes, maxOrders, maxLivePerSession, idle, snapshots, threading, syncsInFlight);
    }

    public NodeConfig withSymbols(List<Venue.Symbol> s) {
        return new NodeConfig(dataDir, host, port, durability, batchMaxRecords, batchMaxMicros, segmentBytes, accountsFile, s,
                pin, heartbeatMillis, deadPeerMillis, maxLagBytes, storeBytes, ringBytes, maxOrders, maxLivePerSession, idle, snapshots, threading, syncsInFlight);
    }

    public NodeConfig withIdle(NodeIdle i) {
        return new NodeConfig(dataDir, host, port, durability, batchMaxRecords, batchMaxMicros, segmentBytes, accountsFile, symbols,
                pin, heartbeatMillis, deadPeerMillis, maxLagBytes, storeBytes, ringBytes, maxOrders, maxLivePerSession, i, snapshots, threading, syncsInFlight);
    }

    public NodeConfig withThreading(NodeThreading t) {
        return new NodeConfig(dataDir, host, port, durability, batchMaxRecords, batchMaxMicros, segmentBytes, accountsFile, symbols,
                pin, heartbeatMillis, deadPeerMillis, maxLagBytes, storeBytes, ringBytes, maxOrders, maxLivePerSession, idle, snapshots, t, syncsInFlight);
    }

    public NodeConfig withPin(boolean p) {
        return new NodeConfig(dataDir, host, port, durability, batchMaxRecords, batchMaxMicros, segmentBytes, accountsFile, symbols,
                p, heartbeatMillis, deadPeerMillis, maxLagBytes, storeBytes, ringBytes, maxOrders, maxLivePerSession, idle, snapshots, threading, syncsInFlight);
    }

    public NodeConfig withSnapshots(SnapshotSchedule s) {
        return new NodeConfig(dataDir, host, port, durability, batchMaxRecords, batchMaxMicros, segmentBytes, accountsFile, symbols,
                pin, heartbeatMillis, deadPeerMillis, maxLagBytes, storeBytes, ringBytes, maxOrders, maxLivePerSession, idle, s, threading, syncsInFlight);
    }

    /** Reads a properties file over {@link #defaults(Path)} (a relative path in it is relative to the file). */
    public static NodeConfig read(Path file, Path defaultDataDir) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        Path base = file.toAbsolutePath().getParent();
        NodeConfig d = defaults(defaultDataDir);
        for (String key : p.stringPropertyNames()) {
            if (!KEYS.contains(key)) throw new IllegalArgumentException(file + ": unknown key '" + key + "' (known: " + KEYS + ")");
        }
        Path dataDir = p.containsKey("data.dir") ? base.resolve(p.getProperty("data.dir").strip()) : d.dataDir;
        DurabilityMode mode = choice(p, file, "durability", d.durability, DurabilityMode::parse, "none, batch or sync");
        NodeIdle idle = choice(p, file, "idle", d.idle, NodeIdle::parse, "backoff, park or spin");
        NodeThreading threading = choice(p, file, "threading", d.threading, NodeThreading::parse, "shared, single or dedicated");
        List<Venue.Symbol> symbols = d.symbols;
        if (p.containsKey("symbols")) symbols = Venue.parseSymbols(p.getProperty("symbols"));
        return new NodeConfig(dataDir, p.getProperty("host", d.host).strip(),
                integer(p, "port", d.port), mode,
                integer(p, "batch.max.records", d.batchMaxRecords),
                number(p, "batch.max.micros", d.batchMaxMicros),
                number(p, "segment.bytes", d.segmentBytes),
                p.containsKey("accounts.file") ? base.resolve(p.getProperty("accounts.file").strip()) : null,
                symbols,
                Boolean.parseBoolean(p.getProperty("pin", Boolean.toString(d.pin)).strip().toLowerCase(Locale.ROOT)),
                number(p, "heartbeat.millis", d.heartbeatMillis),
                number(p, "dead.peer.millis", d.deadPeerMillis),
                number(p, "max.lag.bytes", d.maxLagBytes),
                number(p, "store.bytes", d.storeBytes),
                integer(p, "ring.bytes", d.ringBytes),
                integer(p, "max.orders", d.maxOrders),
                integer(p, "max.live.per.session", d.maxLivePerSession),
                idle,
                new SnapshotSchedule(number(p, "snapshot.every.commands", d.snapshots.everyCommands()),
                        number(p, "snapshot.every.bytes", d.snapshots.everyBytes()),
                        Boolean.parseBoolean(p.getProperty("snapshot.at.stop", Boolean.toString(d.snapshots.atStop())).strip()
                                .toLowerCase(Locale.ROOT)),
                        integer(p, "snapshot.keep", d.snapshots.keep())),
                threading, syncsInFlight(p, file, d.syncsInFlight));
    }

    private static int syncsInFlight(Properties p, Path file, int fallback) {
        int k = integer(p, "syncs.in.flight", fallback);
        if (k < 0 || k > MAX_SYNCS_IN_FLIGHT) throw new IllegalArgumentException(file + ": syncs.in.flight must be 0 to " + MAX_SYNCS_IN_FLIGHT);
        return k;
    }

    /** The value of {@code key} as {@code parse} reads it (null: not one of {@code choices}), or {@code fallback} when absent. */
    private static <T> T choice(Properties p, Path file, String key, T fallback, Function<String, T> parse, String choices) {
        if (!p.containsKey(key)) return fallback;
        T v = parse.apply(p.getProperty(key).strip());
        if (v == null) throw new IllegalArgumentException(file + ": " + key + " must be " + choices);
        return v;
    }

    /** Writes this configuration as a properties file {@link #read} reads back. */
    public void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("data.dir", dataDir.toAbsolutePath().toString());
        p.setProperty("host", host);
        p.setProperty("port", Integer.toString(port));
        p.setProperty("durability", durability.label());
        p.setProperty("batch.max.records", Integer.toString(batchMaxRecords));
        p.setProperty("batch.max.micros", Long.toString(batchMaxMicros));
        p.setProperty("segment.bytes", Long.toString(segmentBytes));
        if (accountsFile != null) p.setProperty("accounts.file", accountsFile.toAbsolutePath().toString());
        p.setProperty("symbols", Venue.format(symbols));
        p.setProperty("pin", Boolean.toString(pin));
        p.setProperty("heartbeat.millis", Long.toString(heartbeatMillis));
        p.setProperty("dead.peer.millis", Long.toString(deadPeerMillis));
        p.setProperty("max.lag.bytes", Long.toString(maxLagBytes));
        p.setProperty("store.bytes", Long.toString(storeBytes));
        p.setProperty("ring.bytes", Integer.toString(ringBytes));
        p.setProperty("max.orders", Integer.toString(maxOrders));
        p.setProperty("max.live.per.session", Integer.toString(maxLivePerSession));
        p.setProperty("idle", idle.label());
        p.setProperty("threading", threading.label());
        p.setProperty("syncs.in.flight", Integer.toString(syncsInFlight));
        p.setProperty("snapshot.every.commands", Long.toString(snapshots.everyCommands()));
        p.setProperty("snapshot.every.bytes", Long.toString(snapshots.everyBytes()));
        p.setProperty("snapshot.at.stop", Boolean.toString(snapshots.atStop()));
        p.setProperty("snapshot.keep", Integer.toString(snapshots.keep()));
        try (java.io.Writer w = Files.newBufferedWriter(file)) {
            p.store(w, "qsl node configuration");
        }
    }

    static final List<String> KEYS = List.of("data.dir", "host", "port", "durability", "batch.max.records", "batch.max.micros",
            "segment.bytes", "accounts.file", "symbols", "pin", "heartbeat.millis", "dead.peer.millis", "max.lag.bytes",
            "store.bytes", "ring.bytes", "max.orders", "max.live.per.session", "idle", "threading", "syncs.in.flight",
            "snapshot.every.commands", "snapshot.every.bytes", "snapshot.at.stop", "snapshot.keep",
            // read by the FIX acceptor (qsl.gateway.fix.FixConfig, docs/fix.md)
            "fix.port", "fix.comp.id", "fix.price.decimals", "fix.require.credentials", "fix.max.orders.per.session",
            "fix.kept.messages",
            // read by the market-data feed (qsl.gateway.feed.FeedConfig, docs/feed.md)
            "feed.port", "feed.snapshot.port", "feed.multicast", "feed.multicast.interface", "feed.multicast.ttl", "feed.retention", "feed.heartbeat.millis", "feed.max.packet");

    private static int integer(Properties p, String key, int def) {
        String v = p.getProperty(key);
        if (v == null) return def;
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": not an int: " + v);
        }
    }

    private static long number(Properties p, String key, long def) {
        String v = p.getProperty(key);
        if (v == null) return def;
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": not a number: " + v);
        }
    }

    /** One line per setting, for the start banner. */
    public List<String> describe() {
        List<String> l = new ArrayList<>();
        l.add("data dir:    " + dataDir.toAbsolutePath());
        l.add("durability:  " + durability.label() + (durability == DurabilityMode.BATCH
                ? " (group commit: " + batchMaxRecords + " records or " + batchMaxMicros + " us)" : ""));
        l.add("idle:        " + idle.label() + switch (idle) {
            case BACKOFF -> " (spin briefly, then park until the producer wakes the thread; the gateway blocks in epoll until woken)";
            case PARK -> " (spin briefly, then park 1 us doubling to 50 us, woken by nobody; the gateway blocks in epoll until woken)";
            case SPIN -> " (every node thread busy-polls its core)";
        });
        l.add("threading:   " + threading.label() + switch (threading) {
            case SHARED -> " (gateway and engine on one thread" + (durability == DurabilityMode.NONE ? ", journal stage too"
                    : "; journal on its own thread") + ")";
            case SINGLE -> " (gateway, engine and journal stage on one thread" + (durability == DurabilityMode.NONE ? ")"
                    : syncsInFlight == 0 ? ", which issues the fdatasync itself)" : "; the sync threads issue the fdatasync calls)");
            case DEDICATED -> " (gateway, engine" + (durability == DurabilityMode.NONE ? " with the journal stage" : ", journal")
                    + ": a thread each)";
        });
        if (durability != DurabilityMode.NONE) {
            l.add("syncs:       " + (syncsInFlight == 0 ? "0 in flight (the journal stage's thread makes each group commit's fdatasync)"
                    : "up to " + syncsInFlight + " in flight (" + syncsInFlight + " sync thread" + (syncsInFlight == 1 ? "" : "s")
                    + "; a group commit starts while another is in flight)"));
        }
        l.add("snapshots:   " + snapshots.describe());
        l.add("accounts:    " + (accountsFile == null ? "built in (user demo, password demo, account 1)" : accountsFile.toString()));
        return l;
    }
}
