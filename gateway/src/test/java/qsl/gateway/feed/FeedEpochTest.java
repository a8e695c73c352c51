package qsl.gateway.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feed's start counter: every start on a directory gets a new session name, the same sequence on every run. */
class FeedEpochTest {
    @Test
    void eachStartTakesTheNextNumberAndNamesItsSessionAfterIt(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("data");
        assertEquals(1, FeedEpoch.next(data));
        assertEquals(2, FeedEpoch.next(data));
        assertEquals(3, FeedEpoch.next(data));
        assertEquals("3", Files.readString(data.resolve(FeedEpoch.FILE)).strip());
        assertEquals("Q000000001", FeedEpoch.sessionName(1));
        assertEquals(10, FeedEpoch.sessionName(999_999_999L).length());
        assertThrows(IllegalArgumentException.class, () -> FeedEpoch.sessionName(0));
    }

    @Test
    void twoFeedsOpenedOnOneDirectoryInTheSameSecondHaveDifferentSessions(@TempDir Path dir) throws IOException {
        FeedConfig c = FeedConfig.defaults().withPorts(0, 0);
        String first;
        String second;
        try (NodeFeed a = c.open(1024, dir)) {
            first = a.server().publisher().sessionName();
        }
        try (NodeFeed b = c.open(1024, dir)) {
            second = b.server().publisher().sessionName();
        }
        assertEquals("Q000000001", first);
        assertEquals("Q000000002", second);
        assertNotEquals(first, second);
    }

    @Test
    void aDamagedCounterIsAnErrorNotASilentRestartAtOne(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(FeedEpoch.FILE), "garbage");
        assertThrows(IOException.class, () -> FeedEpoch.next(dir));
    }
}
