package qsl.book;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;
import static qsl.book.EngineFixture.*;

/**
 * {@link MatchingEngine#apply} reads a record whole in a native segment by raw address and any
 * other record with checked reads: both give the same events as the direct calls, and a record
 * cut short by the end of its segment fails with the checked access's exception.
 */
class ApplyDecodingTest {
    private static final int N = 6;

    /** Six commands of every kind (two accounts), each field distinct, in {@code s}. */
    private static MemorySegment write(MemorySegment s) {
        int at = 0;
        CommandDescriptor.writeNewOrder(s, at, 0, 11, 3, B, L, GTC, 100, 5);
        CommandDescriptor.writeNewOrder(s, at += CommandDescriptor.LENGTH, 0, 12, 4, S, L, GTC, 103, 7);
        CommandDescriptor.writeModify(s, at += CommandDescriptor.LENGTH, 0, 11, 3, 103, 9);
        CommandDescriptor.writeNewOrder(s, at += CommandDescriptor.LENGTH, 0, 13, 4, S, M, IOC, 1, 2);
        CommandDescriptor.writeCancel(s, at += CommandDescriptor.LENGTH, 0, 11, 3);
        CommandDescriptor.writeMassCancel(s, at += CommandDescriptor.LENGTH, 4, 0);
        return s;
    }

    private static List<String> replay(MemorySegment commands, int count) {
        try (EngineFixture f = EngineFixture.small()) {
            for (int i = 0; i < count; i++) f.engine.apply(commands, (long) i * CommandDescriptor.LENGTH);
            return f.events.take();
        }
    }

    @Test
    void nativeAndHeapRecordsGiveTheDirectCallsEvents() {
        List<String> direct;
        try (EngineFixture f = EngineFixture.small()) {
            f.as(3).buy(11, 100, 5).as(4).sell(12, 103, 7).as(3).modify(11, 103, 9)
                    .as(4).order(13, S, M, IOC, 1, 2).as(3).cancel(11).as(4).massCancel(0);
            direct = f.events.take();
        }
        try (Arena arena = Arena.ofConfined()) {
            List<String> fromNative = replay(write(arena.allocate((long) N * CommandDescriptor.LENGTH, 8)), N);
            List<String> fromHeap = replay(write(MemorySegment.ofArray(new byte[N * CommandDescriptor.LENGTH])), N);
            assertEquals(fromNative, fromHeap);
            assertTrue(fromNative.size() > 10, "every kind of event: " + fromNative);
            assertEquals(direct, fromNative);
        }
    }

    @Test
    void aRecordCutShortFailsLikeACheckedRead() {
        try (Arena arena = Arena.ofConfined(); EngineFixture f = EngineFixture.small()) {
            MemorySegment whole = write(arena.allocate((long) N * CommandDescriptor.LENGTH, 8));
            MemorySegment cut = whole.asSlice(0, CommandDescriptor.LENGTH + 16); // the second record's first 16 bytes
            f.engine.apply(cut, 0);
            assertThrows(IndexOutOfBoundsException.class, () -> f.engine.apply(cut, CommandDescriptor.LENGTH));
            assertEquals(1, f.engine.restingOrders(), "the cut record changed nothing");
        }
    }
}
