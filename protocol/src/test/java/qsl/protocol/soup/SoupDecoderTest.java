package qsl.protocol.soup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SoupDecoderTest {
    private static final int MAX = SoupHeaderDescriptor.MAX_PACKET_LENGTH;
    private final MemorySegment s = Arena.ofAuto().allocate(1024);

    private static MemorySegment bytes(String hex) {
        return MemorySegment.ofArray(HexFormat.of().parseHex(hex.replace(" ", "")));
    }

    private static MemorySegment ascii(String text) {
        return MemorySegment.ofArray(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void loginRequestMatchesTheSpecificationLayout() {
        int n = LoginRequestDescriptor.write(s, 0, "ALICE", "secret", "", 1);
        assertEquals(49, n);
        String wire = new String(s.asSlice(2, 47).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII);
        assertEquals("L" + "ALICE " + "secret    " + " ".repeat(10) + " ".repeat(19) + "1", wire);
        assertEquals(47, SoupHeaderDescriptor.packetLength(s, 0));
        assertEquals(49, SoupDecoder.decode(s, 0, n, MAX, SoupPacketType.FROM_CLIENT));
        assertEquals(1, LoginRequestDescriptor.requestedSequenceNumber(s, 0));
        assertTrue(LoginRequestDescriptor.usernameEquals(s, 0, "ALICE"));
        assertFalse(LoginRequestDescriptor.usernameEquals(s, 0, "ALIC"));
        assertTrue(LoginRequestDescriptor.passwordEquals(s, 0, "secret"));
        assertTrue(LoginRequestDescriptor.requestsCurrentSession(s, 0));
        assertEquals("ALICE", LoginRequestDescriptor.username(s, 0));
    }

    @Test
    void loginRequestSessionIsRightJustifiedAndSequenceLeftPadded() {
        LoginRequestDescriptor.write(s, 0, "BOB", "pw", "S1", 12345678901234L);
        String session = new String(s.asSlice(19, 10).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII);
        assertEquals("        S1", session);
        String seq = new String(s.asSlice(29, 20).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII);
        assertEquals("      12345678901234", seq);
        assertTrue(LoginRequestDescriptor.requestedSessionEquals(s, 0, "S1"));
        assertEquals(12345678901234L, LoginRequestDescriptor.requestedSequenceNumber(s, 0));
    }

    @Test
    void loginAcceptedAndRejected() {
        int n = LoginAcceptedDescriptor.write(s, 0, "QSL", 42);
        assertEquals(33, n);
        assertEquals(33, SoupDecoder.decode(s, 0, n, MAX, SoupPacketType.FROM_SERVER));
        assertEquals(42, LoginAcceptedDescriptor.sequenceNumber(s, 0));
        assertEquals("QSL", LoginAcceptedDescriptor.session(s, 0));
        assertEquals(SoupError.WRONG_DIRECTION, SoupDecoder.decode(s, 0, n, MAX, SoupPacketType.FROM_CLIENT));

        assertEquals(4, LoginRejectedDescriptor.write(s, 0, LoginRejectedDescriptor.NOT_AUTHORIZED));
        assertEquals(4, SoupDecoder.decode(s, 0, 4, MAX, SoupPacketType.FROM_SERVER));
        s.set(ValueLayout.JAVA_BYTE, 3, (byte) 'X');
        assertEquals(SoupError.BAD_REJECT_CODE, SoupDecoder.decode(s, 0, 4, MAX, SoupPacketType.FROM_SERVER));
    }

    @Test
    void emptyPacketsAndData() {
        for (byte t : new byte[] {'H', 'Z'}) {
            MemorySegment f = bytes("0001" + HexFormat.of().toHexDigits(t));
            assertEquals(3, SoupDecoder.decode(f, 0, 3, MAX, SoupPacketType.FROM_SERVER));
        }
        for (byte t : new byte[] {'R', 'O'}) {
            MemorySegment f = bytes("0001" + HexFormat.of().toHexDigits(t));
            assertEquals(3, SoupDecoder.decode(f, 0, 3, MAX, SoupPacketType.FROM_CLIENT));
        }
        assertEquals(3, ServerHeartbeatDescriptor.write(s, 0));
        assertEquals('H', SoupHeaderDescriptor.packetType(s, 0));
        int n = SequencedDataDescriptor.write(s, 0, ascii("hello"), 0, 5);
        assertEquals(8, n);
        assertEquals(8, SoupDecoder.decode(s, 0, 8, MAX, SoupPacketType.FROM_SERVER));
        assertEquals(5, SequencedDataDescriptor.messageLength(s, 0));
        n = DebugDescriptor.write(s, 0, "hi there");
        assertEquals(11, SoupDecoder.decode(s, 0, n, MAX, SoupPacketType.EITHER));
        assertEquals("hi there", DebugDescriptor.text(s, 0));
        // data with an empty message is a valid frame
        assertEquals(3, SoupDecoder.decode(bytes("0001 55"), 0, 3, MAX, SoupPacketType.FROM_CLIENT));
    }

    @Test
    void needMoreUntilTheWholeFrameIsThere() {
        int n = LoginRequestDescriptor.write(s, 0, "A", "B", "", 0);
        for (int i = 0; i < n; i++) {
            assertEquals(SoupDecoder.NEED_MORE, SoupDecoder.decode(s, 0, i, MAX, SoupPacketType.FROM_CLIENT), "prefix " + i);
        }
        assertEquals(n, SoupDecoder.decode(s, 0, n + 100, MAX, SoupPacketType.FROM_CLIENT));
    }

    @Test
    void typedErrorsFromTheHeaderAlone() {
        assertEquals(SoupError.LENGTH_ZERO, SoupDecoder.decode(bytes("0000"), 0, 2, MAX, SoupPacketType.EITHER));
        assertEquals(SoupError.LENGTH_ABOVE_MAX, SoupDecoder.decode(bytes("0400"), 0, 2, 1000, SoupPacketType.EITHER));
        assertEquals(SoupError.UNKNOWN_TYPE, SoupDecoder.decode(bytes("0005 51"), 0, 3, MAX, SoupPacketType.EITHER));
        assertEquals(SoupError.LENGTH_TOO_SMALL, SoupDecoder.decode(bytes("002E 4C"), 0, 3, MAX, SoupPacketType.EITHER));
        assertEquals(SoupError.LENGTH_TOO_LARGE, SoupDecoder.decode(bytes("0030 4C"), 0, 3, MAX, SoupPacketType.EITHER));
        assertEquals(SoupError.LENGTH_TOO_LARGE, SoupDecoder.decode(bytes("0002 48"), 0, 3, MAX, SoupPacketType.EITHER));
        assertEquals(SoupError.LENGTH_TOO_SMALL, SoupDecoder.decode(bytes("0001 4A"), 0, 3, MAX, SoupPacketType.EITHER));
        assertEquals(SoupError.WRONG_DIRECTION, SoupDecoder.decode(bytes("0001 48"), 0, 3, MAX, SoupPacketType.FROM_CLIENT));
        assertEquals(SoupError.WRONG_DIRECTION, SoupDecoder.decode(bytes("0001 52"), 0, 3, MAX, SoupPacketType.FROM_SERVER));
    }

    @Test
    void badLoginFields() {
        LoginRequestDescriptor.write(s, 0, "A", "B", "", 5);
        s.set(ValueLayout.JAVA_BYTE, LoginRequestDescriptor.USERNAME_OFFSET, (byte) 0x07);
        assertEquals(SoupError.BAD_ALPHA, SoupDecoder.decode(s, 0, 49, MAX, SoupPacketType.FROM_CLIENT));
        LoginRequestDescriptor.write(s, 0, "A", "B", "", 5);
        s.set(ValueLayout.JAVA_BYTE, 48, (byte) 'x');
        assertEquals(SoupError.BAD_NUMERIC, SoupDecoder.decode(s, 0, 49, MAX, SoupPacketType.FROM_CLIENT));
        // all blank sequence number, embedded space, overflow
        MemorySegment f = ascii("  ");
        assertEquals(SoupAscii.BAD_NUMERIC, SoupAscii.parseNumeric(f, 0, 2));
        assertEquals(SoupAscii.BAD_NUMERIC, SoupAscii.parseNumeric(ascii(" 1 2"), 0, 4));
        assertEquals(SoupAscii.BAD_NUMERIC, SoupAscii.parseNumeric(ascii(" 9223372036854775808"), 0, 20));
        assertEquals(Long.MAX_VALUE, SoupAscii.parseNumeric(ascii(" 9223372036854775807"), 0, 20));
        assertEquals(7, SoupAscii.parseNumeric(ascii("0007  "), 0, 6));
        assertEquals(0, SoupAscii.parseNumeric(ascii("   0"), 0, 4));
    }

    @Test
    void outOfRangeArgumentsAreNotExceptions() {
        assertEquals(SoupDecoder.NEED_MORE, SoupDecoder.decode(s, -5, 10, MAX, SoupPacketType.EITHER));
        assertEquals(SoupDecoder.NEED_MORE, SoupDecoder.decode(s, 5000, 10, MAX, SoupPacketType.EITHER));
        assertEquals(SoupDecoder.NEED_MORE, SoupDecoder.decode(bytes("0005 55"), 0, 1000, MAX, SoupPacketType.EITHER));
    }
}
