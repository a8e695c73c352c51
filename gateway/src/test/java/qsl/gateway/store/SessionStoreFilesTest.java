package qsl.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Open stores hold no file descriptor (a node opens one per account: two descriptors each would
 * put hundreds of descriptors before its first socket), and their mapped files stay written and
 * readable after the open.
 */
class SessionStoreFilesTest {
    private static final Path FDS = Path.of("/proc/self/fd");

    @TempDir
    Path dir;

    @Test
    void openStoresHoldNoFileDescriptor() throws IOException {
        if (!Files.isDirectory(FDS)) return; // Linux only
        long before = descriptors();
        List<SessionStore> stores = new ArrayList<>();
        for (int i = 0; i < 64; i++) stores.add(SessionStore.create(dir, "u" + i, 1 << 16));
        long after = descriptors();
        assertTrue(after - before < 8, "64 stores hold " + (after - before) + " more descriptors");
        // Written through the mapping, read back after a reopen.
        SessionStore s = stores.get(7);
        s.data().set(ValueLayout.JAVA_LONG_UNALIGNED, 0, 0x0123456789ABCDEFL);
        s.force(0, 8);
        SessionStore again = SessionStore.open(dir, "u7", 1 << 16);
        assertEquals(0x0123456789ABCDEFL, again.data().get(ValueLayout.JAVA_LONG_UNALIGNED, 0));
        for (SessionStore st : stores) st.close();
    }

    private static long descriptors() throws IOException {
        try (Stream<Path> s = Files.list(FDS)) {
            return s.count();
        }
    }
}
