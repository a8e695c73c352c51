package qsl.offheap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class RawAddressTest {
    @Test
    void rawAccessesSeeTheSameBytesAsCheckedOnes() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(64, 8);
            long base = RawAddress.base(segment);
            assertEquals(segment.address(), base);

            RawAddress.putLong(base + 8, 0x0102030405060708L);
            assertEquals(0x0102030405060708L, segment.get(ValueLayout.JAVA_LONG, 8));
            segment.set(ValueLayout.JAVA_LONG, 16, -42L);
            assertEquals(-42L, RawAddress.getLong(base + 16));

            RawAddress.setLongRelease(base + 24, 77L);
            assertEquals(77L, segment.get(ValueLayout.JAVA_LONG, 24));
            segment.set(ValueLayout.JAVA_LONG, 32, 99L);
            assertEquals(99L, RawAddress.getLongAcquire(base + 32));
            assertEquals(99L, RawAddress.getLongOpaque(base + 32));

            // Plain accesses take any address; ordered ones need 8-byte alignment.
            RawAddress.putLong(base + 41, 5L);
            assertEquals(5L, segment.get(ValueLayout.JAVA_LONG_UNALIGNED, 41));
            assertThrows(IllegalArgumentException.class, () -> RawAddress.setLongRelease(base + 41, 1L));
        }
    }

    @Test
    void heapSegmentsHaveNoRawAddress() {
        assertThrows(IllegalArgumentException.class, () -> RawAddress.base(MemorySegment.ofArray(new long[4])));
    }
}
