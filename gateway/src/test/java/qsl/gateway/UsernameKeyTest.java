package qsl.gateway;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The login path's key from wire bytes equals the key the accounts file's names get. */
class UsernameKeyTest {
    @Test
    void wireBytesAndStringGiveOneKey() {
        for (String name : new String[] {"", "a", "bob", "alice", "trader", "abcdefgh"}) {
            byte[] wire = ("xx" + name + "yyyy").getBytes(StandardCharsets.US_ASCII);
            long fromWire = SessionCommandDescriptor.usernameKey(MemorySegment.ofArray(wire), 2, name.length());
            assertEquals(SessionCommandDescriptor.usernameKey(name), fromWire, name);
            assertEquals(name, SessionCommandDescriptor.usernameOf(fromWire));
        }
        assertNotEquals(SessionCommandDescriptor.usernameKey("bob"), SessionCommandDescriptor.usernameKey("bobb"));
    }
}
