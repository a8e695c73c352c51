package qsl.app.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import qsl.wal.DurabilityMode;

/**
 * A small crash test: child JVMs SIGKILLed at random moments and at targeted points, power loss
 * simulated from the system calls they really made (the platter), recovery checked. A few trials
 * per mode here; {@code ./qsl crash-test --trials 2000} is the long run. And each planted fault
 * must make the harness fail.
 */
class CrashHarnessTest {
    static final int TRIALS = Integer.getInteger("qsl.crash.trials", 6);

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(DurabilityMode.class)
    void everyAcknowledgedRecordSurvivesAndNothingCorruptIsAccepted(DurabilityMode mode) throws Exception {
        CrashHarness.Summary s = CrashHarness.run(new CrashHarness.Options(mode, TRIALS, 20261124L, 150, tmp), p -> { });
        String ctx = mode + ": " + CrashResults.row(s, 0);
        assertEquals(TRIALS, s.trials, ctx);
        assertEquals(0, s.childFailures, ctx);
        assertEquals(0, s.unrecoverable, ctx);
        assertEquals(0, s.corruptAccepted, ctx);
        assertEquals(0, s.digestMismatches, ctx);
        assertEquals(0, s.repairNotClean, ctx);
        assertTrue(s.ackedRecords > 0, "children acknowledged something: " + ctx);
        if (mode != DurabilityMode.NONE) {
            assertEquals(0, s.ackedLost, ctx);
            assertEquals(0, s.lossReported, ctx);
        }
        assertTrue(s.passed(), ctx);
    }

    /** A sync that makes no system call, a directory never synced, an acknowledgement sent early: each caught. */
    @ParameterizedTest
    @EnumSource(value = Platter.Plant.class, names = {"NO_SYNC", "NO_DIR_SYNC", "EARLY_ACK"})
    void aPlantedFaultIsCaught(Platter.Plant plant) throws Exception {
        for (DurabilityMode mode : new DurabilityMode[] {DurabilityMode.SYNC, DurabilityMode.BATCH}) {
            CrashHarness.Summary s = CrashHarness.run(new CrashHarness.Options(mode, 30, 7L, 150, tmp.resolve(plant + "-" + mode),
                    plant, true, 2), p -> { });
            assertFalse(s.passed(), plant + " in " + mode + " passed " + s.trials + " trials: " + CrashResults.row(s, 7));
            assertTrue(s.firstFailedTrial >= 0 && s.firstFailedTrial < 30, plant + ": " + s.firstFailure);
            assertEquals(0, s.childFailures, plant + ": " + s.childErrors);
        }
    }
}
