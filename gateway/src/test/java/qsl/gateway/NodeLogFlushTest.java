package qsl.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import qsl.gateway.entry.EntryClient;
import qsl.gateway.entry.Wire;
import qsl.wal.DurabilityMode;

/**
 * In {@code none} mode the snapshot writer thread writes the log back between snapshots
 * ({@code NodeSnapshots.flushLog}), so the log sync before a snapshot, on the node thread, finds
 * little to write: the flushes happen while orders come in, and a node restarted on the flushed
 * log recovers every order (the flush claims nothing and changes no byte).
 */
@Timeout(120)
class NodeLogFlushTest {
    private static final int ORDERS = 200;

    @Test
    void noneModeFlushesTheLogBetweenSnapshotsAndRecoversAfterIt() throws Exception {
        try (NodeFixture f = new NodeFixture()) {
            NodeConfig cfg = f.config().withDurability(DurabilityMode.NONE);
            Node node = f.start(cfg);
            try (EntryClient a = f.login("alice")) {
                for (int i = 1; i <= ORDERS; i++) {
                    a.enter(i, "AAPL", 'B', 'L', 'G', 9_000 + i, 10);
                    EntryClient.Packet p = a.next(20_000);
                    assertNotNull(p, "answer " + i);
                    assertEquals(Wire.ACCEPTED, p.messageType());
                }
                // the writer thread flushes within a flush interval of the log growing; wait for it (bounded, generously)
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (node.snapshots().logFlushes() == 0 && System.nanoTime() < deadline) Thread.sleep(10);
                assertTrue(node.snapshots().logFlushes() > 0, "the log was never flushed between snapshots");
            }
            node.close();
            Node again = f.start(cfg);
            try (EntryClient a = f.login("alice")) {
                // every order rests: a cancel of the last one is answered Canceled (after the replay of the session's output)
                a.cancel(ORDERS);
                EntryClient.Packet p = null;
                for (int i = 0; i <= ORDERS; i++) {
                    p = a.next(20_000);
                    assertNotNull(p, "answer to the cancel after the restart");
                    if (p.messageType() != Wire.ACCEPTED) break;
                }
                assertEquals(Wire.CANCELED, p.messageType(), "order " + ORDERS + " recovered: " + p);
            }
            again.close();
            f.node = null;
        }
    }
}
