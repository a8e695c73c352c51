package qsl.app.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import qsl.wal.DurabilityMode;

/**
 * A small crash test: child JVMs SIGKILLed at random moments, simulated power loss past the durable
 * point, recovery checked. Twenty trials per mode here; {@code ./qsl crash-test --trials 1000} is the long run.
 */
class CrashHarnessTest {
    static final int TRIALS = Integer.getInteger("qsl.crash.trials", 20);

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
        if (mode != DurabilityMode.NONE) assertEquals(0, s.ackedLost, ctx);
        assertTrue(s.passed(), ctx);
    }
}
