package qsl.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import qsl.gateway.entry.EntryClient;
import qsl.gateway.entry.Wire;
import qsl.wal.DurabilityMode;

/**
 * Sync and batch modes commit in groups: commands waiting in the journal ring share one fdatasync,
 * and every one of them is still answered (each response only after the fdatasync covering its
 * command); then commands one at a time are answered too; with every threading and idle setting.
 */
class NodeGroupCommitTest {
    private static final String[] USERS = {"alice", "bob", "carol", "eve"};
    private static final int PER_USER = 300;
    private static final int SERIAL = 20;

    @Test
    void groupCommitSharesOneFdatasyncAmongTheCommandsWaiting() throws Exception {
        for (DurabilityMode mode : new DurabilityMode[] {DurabilityMode.SYNC, DurabilityMode.BATCH})
        for (NodeThreading threading : NodeThreading.values()) for (NodeIdle idle : NodeIdle.values()) {
            burstThenSerial(mode, threading, idle, 0);
        }
    }

    /**
     * The same with overlapping group commits ({@code syncs.in.flight} 1 to 3): every command is
     * answered, with every threading, and the sync threads' calls are counted as group commits.
     */
    @Test
    void overlappedGroupCommitsAnswerEveryCommand() throws Exception {
        for (DurabilityMode mode : new DurabilityMode[] {DurabilityMode.SYNC, DurabilityMode.BATCH})
        for (NodeThreading threading : NodeThreading.values()) for (int k = 1; k <= 3; k++) {
            burstThenSerial(mode, threading, k == 2 ? NodeIdle.PARK : NodeIdle.BACKOFF, k);
        }
        burstThenSerial(DurabilityMode.BATCH, NodeThreading.SINGLE, NodeIdle.SPIN, 2);
    }

    private static void burstThenSerial(DurabilityMode mode, NodeThreading threading, NodeIdle idle, int syncsInFlight) throws Exception {
        {
            String what = mode.label() + ", " + idle.label() + ", " + threading.label() + ", syncs in flight " + syncsInFlight;
            try (NodeFixture f = new NodeFixture()) {
                Node node = f.start(f.config().withDurability(mode).withIdle(idle).withThreading(threading).withSyncsInFlight(syncsInFlight));
                List<EntryClient> clients = new ArrayList<>();
                try {
                    for (String u : USERS) clients.add(f.login(u));
                    long syncsBefore = node.walSyncCount();
                    // Every client pipelines its orders without waiting for answers: they queue up
                    // behind each fdatasync, and the next group commit takes all of them.
                    for (int i = 1; i <= PER_USER; i++) {
                        for (EntryClient c : clients) c.enter(i, "AAPL", 'B', 'L', 'G', 9_000 + i, 10);
                    }
                    for (EntryClient c : clients) {
                        for (int i = 1; i <= PER_USER; i++) {
                            EntryClient.Packet p = c.next(20_000);
                            assertNotNull(p, "answer " + i + " (" + what + ")");
                            assertEquals(Wire.ACCEPTED, p.messageType(), "answer " + i + ": " + p);
                        }
                    }
                    long syncs = node.walSyncCount() - syncsBefore;
                    long commands = (long) USERS.length * PER_USER;
                    assertTrue(syncs >= 1, "no fdatasync at all (" + what + ")");
                    assertTrue(syncs < commands, what + ": " + syncs + " fdatasync calls for " + commands
                            + " pipelined commands: no group commit");
                    // Then one command at a time, each waiting for its answer: groups of one (with threading = single
                    // the journal thread that took the stage over during the burst hands it back to the node thread).
                    for (int i = 1; i <= SERIAL; i++) {
                        for (EntryClient c : clients) {
                            c.enter(PER_USER + i, "AAPL", 'B', 'L', 'G', 8_000 + i, 10);
                            EntryClient.Packet p = c.next(20_000);
                            assertNotNull(p, "serial answer " + i + " (" + what + ")");
                            assertEquals(Wire.ACCEPTED, p.messageType(), "serial answer " + i + ": " + p);
                        }
                    }
                } finally {
                    for (EntryClient c : clients) c.close();
                }
            }
        }
    }
}
