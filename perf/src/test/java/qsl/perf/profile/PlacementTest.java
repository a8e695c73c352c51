package qsl.perf.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How an allocation stack is placed relative to the measured loop. */
class PlacementTest {
    private static final String W = FlamegraphCapture.WINDOW_FRAME;

    @Test
    void placesStacksByTheLoopFrame() {
        assertEquals("in the workload's code inside the measured loop", FlamegraphCapture.placement("main;" + W + ";Engine.apply;long[]"));
        assertTrue(FlamegraphCapture.placement("main;" + W + ";java.lang.String").startsWith("at the measured loop's own frame"));
        assertEquals("outside the measured loop", FlamegraphCapture.placement("main;FlamegraphCapture.run;byte[]"));
        assertEquals("in the workload's code inside the measured loop", FlamegraphCapture.placement("main;" + W + "_[j];X.y_[i];byte[]"));
    }

    @Test
    void countsOnlyBytesBelowTheLoopFrame() {
        CollapsedStacks c = CollapsedStacks.parse("main;" + W + ";Engine.apply;long[] 100\n"
                + "main;" + W + ";java.lang.String 24\n"
                + "main;Other.run;byte[] 7\n");
        assertEquals(100, FlamegraphCapture.bytesBelowWindowFrame(c));
    }
}
