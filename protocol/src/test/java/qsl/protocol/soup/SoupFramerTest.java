package qsl.protocol.soup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SoupFramerTest {
    private final Arena arena = Arena.ofAuto();

    /** A stream of mixed client frames and what each should decode as. */
    private static int writeStream(MemorySegment s, List<Integer> lengths, List<Byte> types) {
        int at = 0;
        for (int i = 0; i < 50; i++) {
            int n = switch (i % 5) {
                case 0 -> LoginRequestDescriptor.write(s, at, "U" + i, "P", "", i);
                case 1 -> {
                    MemorySegment msg = MemorySegment.ofArray(new byte[i]);
                    yield UnsequencedDataDescriptor.write(s, at, msg, 0, i);
                }
                case 2 -> ClientHeartbeatDescriptor.write(s, at);
                case 3 -> DebugDescriptor.write(s, at, "debug " + i);
                default -> LogoutRequestDescriptor.write(s, at);
            };
            lengths.add(n);
            types.add(SoupHeaderDescriptor.packetType(s, at));
            at += n;
        }
        return at;
    }

    @Test
    void everySplitOfTheStreamGivesTheSameFrames() {
        MemorySegment stream = arena.allocate(8192);
        List<Integer> lengths = new ArrayList<>();
        List<Byte> types = new ArrayList<>();
        int total = writeStream(stream, lengths, types);
        Random random = new Random(7);
        for (int trial = 0; trial < 300; trial++) {
            SoupFramer framer = new SoupFramer(arena.allocate(258), 256, SoupPacketType.FROM_CLIENT);
            int fed = 0;
            int frame = 0;
            while (frame < lengths.size()) {
                if (fed < total) {
                    int chunk = trial == 0 ? 1 : 1 + random.nextInt(trial < 150 ? 8 : 400);
                    fed += (int) framer.append(stream, fed, Math.min(chunk, total - fed));
                }
                int t;
                while ((t = framer.next()) > 0) {
                    assertEquals((byte) types.get(frame), (byte) t, "frame " + frame);
                    assertEquals((int) lengths.get(frame), framer.frameLength());
                    assertEquals(t, framer.segment().get(ValueLayout.JAVA_BYTE, framer.frameOffset() + 2));
                    frame++;
                }
                assertEquals(0, t);
            }
            assertEquals(0, framer.buffered());
        }
    }

    @Test
    void unreadReturnsTheSameFrameAgain() {
        SoupFramer framer = new SoupFramer(arena.allocate(100), 64, SoupPacketType.EITHER);
        MemorySegment src = arena.allocate(10);
        ClientHeartbeatDescriptor.write(src, 0);
        ServerHeartbeatDescriptor.write(src, 3);
        framer.append(src, 0, 6);
        assertEquals('R', framer.next());
        framer.unread();
        assertEquals('R', framer.next());
        assertEquals('H', framer.next());
        assertEquals(0, framer.next());
    }

    @Test
    void errorsAreStickyAndReported() {
        SoupFramer framer = new SoupFramer(arena.allocate(100), 64, SoupPacketType.FROM_CLIENT);
        MemorySegment src = arena.allocate(10);
        ClientHeartbeatDescriptor.write(src, 0);
        src.set(ValueLayout.JAVA_BYTE, 3, (byte) 0);
        src.set(ValueLayout.JAVA_BYTE, 4, (byte) 0x50);   // length 0x50 > 64
        framer.append(src, 0, 5);
        assertEquals('R', framer.next());
        assertEquals(SoupError.LENGTH_ABOVE_MAX, framer.next());
        assertEquals(SoupError.LENGTH_ABOVE_MAX, framer.next());
        framer.reset();
        assertEquals(0, framer.next());
    }

    @Test
    void readsFromAChannel() throws IOException {
        Pipe pipe = Pipe.open();
        MemorySegment out = arena.allocate(200);
        int n = LoginAcceptedDescriptor.write(out, 0, "S", 9);
        n += ServerHeartbeatDescriptor.write(out, n);
        n += EndOfSessionDescriptor.write(out, n);
        pipe.sink().write(out.asSlice(0, n).asByteBuffer());
        pipe.sink().close();
        SoupFramer framer = new SoupFramer(arena.allocate(70), 64, SoupPacketType.FROM_SERVER);
        int got = 0;
        int r;
        List<Integer> seen = new ArrayList<>();
        while ((r = framer.read(pipe.source())) != -1) {
            got += r;
            int t;
            while ((t = framer.next()) > 0) seen.add(t);
        }
        int t;
        while ((t = framer.next()) > 0) seen.add(t);
        assertEquals(n, got);
        assertEquals(List.of((int) 'A', (int) 'H', (int) 'Z'), seen);
        pipe.source().close();
        ByteBuffer.allocate(0);
    }
}
