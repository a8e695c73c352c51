package qsl.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Timeout;
import qsl.wal.SnapshotStore;

/**
 * Snapshots of a node in its own process: taken on the schedule while it trades, used after a
 * SIGKILL (restart = newest snapshot + the log after it, nothing acknowledged lost), written at the
 * end of a SIGTERM drain (the next start replays nothing), and the data directory rebuilt offline
 * by {@link JournalReplay#rebuild} to the engine digest the node printed when it stopped.
 */
@Timeout(180)
class NodeSnapshotTest {
    private static final Pattern RECOVERED = Pattern.compile("recovered from snapshot at sequence (\\d+) \\+ (\\d+) journal records");
    private static final Pattern ENGINE = Pattern.compile("engine at sequence \\d+, \\d+ resting orders, \\d+ sessions, state digest ([0-9a-f]{16})");
    private static final Pattern STOPPED = Pattern.compile("stopped at journal sequence (\\d+), .* state digest ([0-9a-f]{16}); last snapshot at sequence (\\d+)");

    @ParameterizedTest
    @EnumSource(NodeThreading.class)
    void restartUsesTheNewestSnapshotAndTheDrainEndsWithOne(NodeThreading threading) throws Exception {
        Path dir = Files.createTempDirectory("qsl-snap-");
        NodeConfig cfg = NodeFixture.childConfig(dir, threading).withSegmentBytes(64 << 10).withSnapshots(new SnapshotSchedule(500, 0, true, 2));
        Path config = dir.resolve("node.properties");
        cfg.write(config);
        Path journal = cfg.dataDir().resolve(Node.JOURNAL_DIR);

        // 1. Trade with a snapshot every 500 commands, then SIGKILL.
        List<NodeRestartTest.Trader> traders = NodeRestartTest.tradeUntilKilled(config, 2000);
        List<Path> snaps = SnapshotStore.list(journal);
        assertTrue(!snaps.isEmpty() && SnapshotStore.sequence(snaps.get(0)) >= 500, "snapshots taken while trading: " + snaps);
        assertTrue(snaps.size() <= 3, "pruned to 2 kept (+ at most one being written at the kill): " + snaps);

        // The offline rebuild of the killed node's directory (read-only: the restart repairs).
        JournalReplay.Rebuild killed = JournalReplay.rebuild(NodeConfig.read(config, cfg.dataDir()), false,
                Files.createTempDirectory("qsl-snap-r"), System.out);

        // 2. Restart: from the newest snapshot plus the tail; every acknowledgement survived.
        long snapshotUsed;
        try (NodeProcess second = NodeProcess.start(config, List.of("-Xmx256m"), 90)) {
            Matcher m = find(RECOVERED, second.output());
            snapshotUsed = Long.parseLong(m.group(1));
            long tail = Long.parseLong(m.group(2));
            assertTrue(snapshotUsed >= 500, "restart used a snapshot: " + m.group());
            assertTrue(tail > 0, "SIGKILL left records after the newest snapshot: " + m.group());
            assertEquals(killed.recovery().sessionCommands(), tail, "the offline rebuild replayed the same tail");
            assertEquals(killed.recovery().rebuilt().snapshotSequence(), snapshotUsed);
            Matcher e = find(ENGINE, second.output());
            assertEquals(String.format("%016x", killed.engineDigest()), e.group(1), "the offline rebuild reached the node's state");
            NodeRestartTest.verifyAfterRestart(second, traders);
            assertEquals(0, second.terminate(60), "SIGTERM drains and exits 0: " + second.output());
            Matcher s = find(STOPPED, second.output());
            assertEquals(s.group(1), s.group(3), "the drain ended with a snapshot at the last journaled sequence: " + s.group());
        }

        // 3. A start after the drain replays nothing; the offline rebuild reaches the digest the node printed.
        String digest;
        try (NodeProcess third = NodeProcess.start(config, List.of("-Xmx256m"), 90)) {
            Matcher m = find(RECOVERED, third.output());
            assertEquals("0", m.group(2), "nothing to replay after a clean stop: " + m.group());
            assertEquals(0, third.terminate(60), third.output().toString());
            Matcher s = find(STOPPED, third.output());
            assertEquals(m.group(1), s.group(1), "no command in between");
            digest = s.group(2);
        }
        JournalReplay.Rebuild r = JournalReplay.rebuild(NodeConfig.read(config, cfg.dataDir()), true, Files.createTempDirectory("qsl-snap-r"),
                System.out);
        assertEquals(0, r.recovery().sessionCommands());
        assertEquals(digest, String.format("%016x", r.engineDigest()));
    }

    private static Matcher find(Pattern p, List<String> lines) {
        for (String l : lines) {
            Matcher m = p.matcher(l);
            if (m.find()) return m;
        }
        throw new AssertionError("no line matching " + p + " in:\n" + String.join("\n", lines));
    }
}
