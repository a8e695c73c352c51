package qsl.gateway.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Loss injection between publisher and client: after recovery the client's book equals the
 * engine's {@code visitBook} exactly, symbol by symbol, in every case.
 */
class FeedRecoveryTest {
    private static final int COMMANDS = 6_000;

    @Test
    void publisherMirrorFollowsTheEngineCommandByCommand() {
        try (FeedRig rig = new FeedRig(1, 1 << 14)) {
            Flow flow = new Flow(11, FeedRig.SYMBOLS);
            for (int i = 0; i < COMMANDS; i++) {
                flow.step(rig.engine);
                rig.publisher.endOfCommand();
                if (i % 50 == 0) rig.assertBooksMatch();
            }
            rig.assertBooksMatch();
            assertTrue(rig.engine.restingOrders() > 20, "the flow keeps a book");
        }
    }

    @Test
    void noLoss() {
        try (FeedRig rig = new FeedRig(2, 1 << 14)) {
            FeedClient c = rig.newClient(false);
            rig.run(new Flow(12, FeedRig.SYMBOLS), COMMANDS);
            rig.settle();
            rig.assertBooksMatch();
            assertEquals(0, c.gapsDetected());
            assertEquals(0, c.snapshotsLoaded());
        }
    }

    @Test
    void dropsTenPercentOfPackets() {
        try (FeedRig rig = new FeedRig(3, 1 << 14)) {
            rig.down.drop = 0.10;
            rig.back.drop = 0.10;
            rig.up.drop = 0.10;
            FeedClient c = rig.newClient(false);
            rig.run(new Flow(13, FeedRig.SYMBOLS), COMMANDS);
            rig.settle();
            rig.assertBooksMatch();
            assertTrue(rig.down.dropped > 0);
            assertTrue(c.gapsRecovered() > 0 && c.requestsSent() > 0);
            assertEquals(0, c.snapshotsLoaded(), "the ring covers every gap");
        }
    }

    @Test
    void reorders() {
        try (FeedRig rig = new FeedRig(4, 1 << 14)) {
            rig.down.reorder = 0.25;
            FeedClient c = rig.newClient(false);
            rig.run(new Flow(14, FeedRig.SYMBOLS), COMMANDS);
            rig.settle();
            rig.assertBooksMatch();
            assertTrue(c.gapsDetected() > 0);
        }
    }

    @Test
    void duplicates() {
        try (FeedRig rig = new FeedRig(5, 1 << 14)) {
            rig.down.duplicate = 0.3;
            rig.back.duplicate = 0.3;
            FeedClient c = rig.newClient(false);
            rig.run(new Flow(15, FeedRig.SYMBOLS), COMMANDS);
            rig.settle();
            rig.assertBooksMatch();
            assertTrue(c.duplicates() > 0);
        }
    }

    @Test
    void burstLostLongerThanTheRingFallsBackToTheSnapshot() {
        try (FeedRig rig = new FeedRig(6, 256)) {
            FeedClient c = rig.newClient(false);
            Flow flow = new Flow(16, FeedRig.SYMBOLS);
            rig.run(flow, 1_000);
            rig.settle();
            rig.down.blackout = true;
            rig.run(flow, 2_000); // far more than 256 messages
            rig.down.blackout = false;
            rig.run(flow, 500);
            rig.settle();
            rig.assertBooksMatch();
            assertTrue(c.notAvailable() > 0 || c.snapshotsLoaded() > 0);
            assertEquals(1, c.snapshotsLoaded());
        }
    }

    @Test
    void publisherRestartStartsANewSessionAndTheClientResyncs() {
        try (FeedRig rig = new FeedRig(7, 1 << 12)) {
            FeedClient c = rig.newClient(false);
            Flow flow = new Flow(17, FeedRig.SYMBOLS);
            rig.run(flow, 2_000);
            rig.settle();
            rig.restartPublisher();
            rig.run(flow, 2_000);
            rig.settle();
            rig.assertBooksMatch();
            assertEquals(1, c.sessionChanges());
            assertEquals(1, c.snapshotsLoaded());
        }
    }

    @Test
    void lateJoinerRecoversBySnapshot() {
        try (FeedRig rig = new FeedRig(8, 1 << 12)) {
            Flow flow = new Flow(18, FeedRig.SYMBOLS);
            rig.run(flow, 3_000);
            FeedClient c = rig.newClient(true);
            rig.run(flow, 2_000);
            rig.settle();
            rig.assertBooksMatch();
            assertEquals(1, c.snapshotsLoaded());
            assertTrue(c.messagesApplied() > 0, "continues on the stream after the snapshot");
        }
    }

    @Test
    void everythingAtOnce() {
        try (FeedRig rig = new FeedRig(9, 512)) {
            rig.down.drop = 0.05;
            rig.down.reorder = 0.1;
            rig.down.duplicate = 0.1;
            rig.back.drop = 0.05;
            rig.back.reorder = 0.1;
            FeedClient c = rig.newClient(true);
            Flow flow = new Flow(19, FeedRig.SYMBOLS);
            rig.run(flow, 2_000);
            rig.down.blackout = true;
            rig.run(flow, 1_000);
            rig.down.blackout = false;
            rig.run(flow, 1_000);
            rig.restartPublisher();
            rig.run(flow, 1_000);
            rig.settle();
            rig.assertBooksMatch();
            assertTrue(c.snapshotsLoaded() >= 2);
        }
    }
}
