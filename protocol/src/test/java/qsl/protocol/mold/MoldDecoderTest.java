package qsl.protocol.mold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MoldDecoderTest {
    private static final MemorySegment SESSION = MemorySegment.ofArray("QSL0000001".getBytes(StandardCharsets.US_ASCII));

    @Test
    void writerAndDecoderAgreeOnEveryBlock() {
        MemorySegment buf = Arena.ofAuto().allocate(1500);
        MoldPacketWriter w = new MoldPacketWriter(buf, 200);
        w.begin(SESSION, 0, 42);
        MemorySegment msg = MemorySegment.ofArray(new byte[60]);
        int n = 0;
        while (w.fits(10 + n)) {
            msg.set(ValueLayout.JAVA_BYTE, 0, (byte) n);
            w.append(msg, 0, 10 + n);
            n++;
        }
        assertTrue(n > 0);
        assertEquals(n, MoldDecoder.decodePacket(buf, 0, w.length(), 100));
        assertEquals(42, MoldPacketDescriptor.sequence(buf, 0));
        assertTrue(MoldPacketDescriptor.sameSession(buf, 0, SESSION, 0));
        long b = MoldDecoder.firstBlock(0);
        for (int i = 0; i < n; i++) {
            assertEquals(10 + i, MoldPacketDescriptor.blockLength(buf, b));
            assertEquals((byte) i, buf.get(ValueLayout.JAVA_BYTE, MoldDecoder.blockData(b)));
            b = MoldDecoder.nextBlock(buf, b);
        }
        assertEquals(w.length(), b);
        assertTrue(w.length() <= 200);
    }

    @Test
    void controlPacketsCarryNoBlocks() {
        MemorySegment buf = Arena.ofAuto().allocate(64);
        MoldPacketWriter w = new MoldPacketWriter(buf, 64);
        for (int c : new int[] {MoldPacketDescriptor.HEARTBEAT, MoldPacketDescriptor.END_OF_SESSION, MoldPacketDescriptor.NOT_AVAILABLE}) {
            int len = w.control(SESSION, 0, 7, c);
            assertEquals(20, len);
            assertEquals(0, MoldDecoder.decodePacket(buf, 0, len, 64));
            assertEquals(c, MoldPacketDescriptor.count(buf, 0));
            assertEquals(MoldError.TRAILING_BYTES, MoldDecoder.decodePacket(buf, 0, len + 1, 64));
        }
    }

    @Test
    void malformedPacketsGiveTypedErrors() {
        MemorySegment buf = Arena.ofAuto().allocate(64);
        assertEquals(MoldError.TOO_SHORT, MoldDecoder.decodePacket(buf, 0, 19, 64));
        MoldPacketDescriptor.writeHeader(buf, 0, SESSION, 0, 1, 1);
        assertEquals(MoldError.TRUNCATED_BLOCK, MoldDecoder.decodePacket(buf, 0, 21, 64));
        buf.set(MoldBytes.U16, 20, (short) 10);
        assertEquals(MoldError.TRUNCATED_BLOCK, MoldDecoder.decodePacket(buf, 0, 25, 64));
        assertEquals(MoldError.BLOCK_TOO_LONG, MoldDecoder.decodePacket(buf, 0, 32, 5));
        assertEquals(1, MoldDecoder.decodePacket(buf, 0, 32, 64));
        assertEquals(MoldError.TRAILING_BYTES, MoldDecoder.decodePacket(buf, 0, 33, 64));
        buf.set(MoldBytes.I64, 10, 0L);
        assertEquals(MoldError.BAD_SEQUENCE, MoldDecoder.decodePacket(buf, 0, 32, 64));
        buf.set(ValueLayout.JAVA_BYTE, 3, (byte) 7);
        assertEquals(MoldError.BAD_SESSION, MoldDecoder.decodePacket(buf, 0, 32, 64));
        assertEquals(MoldError.BAD_REQUEST_LENGTH, MoldDecoder.decodeRequest(buf, 0, 21));
        assertEquals(MoldError.TOO_SHORT, MoldDecoder.decodeRequest(buf, 0, 19));
        MoldRequestDescriptor.write(buf, 0, SESSION, 0, 5, 9);
        assertEquals(0, MoldDecoder.decodeRequest(buf, 0, 20));
        assertEquals(5, MoldRequestDescriptor.sequence(buf, 0));
        assertEquals(9, MoldRequestDescriptor.count(buf, 0));
    }

    @Test
    void packetDecoderIsTotalOnFuzzedInput() {
        SplittableRandom r = new SplittableRandom(0x4D4F4C44L);
        MemorySegment buf = Arena.ofAuto().allocate(1500);
        MoldPacketWriter w = new MoldPacketWriter(buf, 1500);
        MemorySegment msg = MemorySegment.ofArray(new byte[100]);
        int inputs = FeedFuzz.inputs();
        int accepted = 0;
        for (int i = 0; i < inputs; i++) {
            int len;
            if ((i & 1) == 0) {
                // A valid packet, then mutated: flipped bytes, truncated or extended.
                w.begin(SESSION, 0, 1 + r.nextInt(1_000_000));
                int blocks = r.nextInt(8);
                for (int b = 0; b < blocks; b++) w.append(msg, 0, r.nextInt(100));
                len = w.length();
                int flips = r.nextInt(4);
                for (int f = 0; f < flips; f++) buf.set(ValueLayout.JAVA_BYTE, r.nextInt(len), (byte) r.nextInt(256));
                if (r.nextInt(4) == 0) len = r.nextInt(len + 1);
                else if (r.nextInt(8) == 0) len = Math.min(1500, len + r.nextInt(10));
            } else {
                len = r.nextInt(200);
                for (int k = 0; k < len; k++) buf.set(ValueLayout.JAVA_BYTE, k, (byte) r.nextInt(256));
            }
            int res = MoldDecoder.decodePacket(buf, 0, len, 64);
            assertTrue(res >= 0 || MoldError.isError(res), "bad code " + res);
            if (res > 0) {
                accepted++;
                long b = MoldDecoder.firstBlock(0);
                for (int k = 0; k < res; k++) {
                    assertTrue(MoldDecoder.blockData(b) + MoldPacketDescriptor.blockLength(buf, b) <= len);
                    b = MoldDecoder.nextBlock(buf, b);
                }
                assertEquals(len, b);
            }
            int rq = MoldDecoder.decodeRequest(buf, 0, len);
            assertTrue(rq == 0 || MoldError.isError(rq));
        }
        assertTrue(accepted > 0);
    }
}
