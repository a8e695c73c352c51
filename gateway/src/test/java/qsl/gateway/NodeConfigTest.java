package qsl.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import qsl.wal.DurabilityMode;

/** The node configuration's words for its enum settings: written, read back, and refused when unknown. */
class NodeConfigTest {
    @TempDir
    Path dir;

    @Test
    void labelsAreTheLowerCaseNamesAndParseInAnyCase() {
        for (NodeIdle i : NodeIdle.values()) {
            assertEquals(i.name().toLowerCase(java.util.Locale.ROOT), i.label());
            assertEquals(i, NodeIdle.parse(" " + i.name() + " "));
        }
        for (NodeThreading t : NodeThreading.values()) {
            assertEquals(t.name().toLowerCase(java.util.Locale.ROOT), t.label());
            assertEquals(t, NodeThreading.parse(t.label()));
        }
        assertNull(NodeIdle.parse("yield"));
        assertNull(NodeThreading.parse("shared2"));
    }

    @Test
    void writtenConfigurationReadsBack() throws IOException {
        NodeConfig c = NodeConfig.defaults(dir.resolve("data")).withIdle(NodeIdle.PARK).withThreading(NodeThreading.DEDICATED)
                .withDurability(DurabilityMode.SYNC);
        Path f = dir.resolve("node.properties");
        c.write(f);
        NodeConfig r = NodeConfig.read(f, dir.resolve("other"));
        assertEquals(NodeIdle.PARK, r.idle());
        assertEquals(NodeThreading.DEDICATED, r.threading());
        assertEquals(DurabilityMode.SYNC, r.durability());
    }

    @Test
    void unknownWordsAreRefusedWithTheChoices() throws IOException {
        Path f = dir.resolve("node.properties");
        Files.writeString(f, "threading = SHARED\nidle = Spin\ndurability =  none \n");
        NodeConfig r = NodeConfig.read(f, dir);
        assertEquals(NodeThreading.SHARED, r.threading());
        assertEquals(NodeIdle.SPIN, r.idle());
        assertEquals(DurabilityMode.NONE, r.durability());
        Files.writeString(f, "idle = yield\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeConfig.read(f, dir));
        assertTrue(e.getMessage().endsWith(": idle must be backoff, park or spin"), e.getMessage());
        Files.writeString(f, "threading = both\n");
        e = assertThrows(IllegalArgumentException.class, () -> NodeConfig.read(f, dir));
        assertTrue(e.getMessage().endsWith(": threading must be shared, single or dedicated"), e.getMessage());
    }
}
