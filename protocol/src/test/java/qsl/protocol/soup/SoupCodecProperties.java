package qsl.protocol.soup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;

/** Round trips: what the encoders write, the decoder accepts and the accessors read back. */
class SoupCodecProperties {
    private final MemorySegment s = Arena.ofAuto().allocate(70_000);

    @Property(tries = 2000)
    void loginRequestRoundTrips(@ForAll @CharRange(from = '!', to = '~') @StringLength(min = 0, max = 6) String user,
                                @ForAll @CharRange(from = '!', to = '~') @StringLength(min = 0, max = 10) String password,
                                @ForAll @CharRange(from = '!', to = '~') @StringLength(min = 0, max = 10) String session,
                                @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seq,
                                @ForAll @IntRange(min = 0, max = 100) int at) {
        int n = LoginRequestDescriptor.write(s, at, user, password, session, seq);
        assertEquals(n, SoupDecoder.decode(s, at, n, SoupHeaderDescriptor.MAX_PACKET_LENGTH, SoupPacketType.FROM_CLIENT));
        assertEquals(user, LoginRequestDescriptor.username(s, at));
        assertEquals(password, LoginRequestDescriptor.password(s, at));
        assertEquals(session, LoginRequestDescriptor.requestedSession(s, at));
        assertEquals(session.isEmpty(), LoginRequestDescriptor.requestsCurrentSession(s, at));
        assertTrue(LoginRequestDescriptor.usernameEquals(s, at, user));
        assertTrue(LoginRequestDescriptor.passwordEquals(s, at, password));
        assertEquals(seq, LoginRequestDescriptor.requestedSequenceNumber(s, at));
    }

    @Property(tries = 2000)
    void loginAcceptedRoundTrips(@ForAll @CharRange(from = '!', to = '~') @StringLength(min = 0, max = 10) String session,
                                 @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seq) {
        int n = LoginAcceptedDescriptor.write(s, 0, session, seq);
        assertEquals(n, SoupDecoder.decode(s, 0, n, 100, SoupPacketType.FROM_SERVER));
        assertEquals(session, LoginAcceptedDescriptor.session(s, 0));
        assertEquals(seq, LoginAcceptedDescriptor.sequenceNumber(s, 0));
    }

    @Property(tries = 500)
    void dataRoundTripsAtAnyLength(@ForAll @IntRange(min = 0, max = 65534) int length, @ForAll boolean sequenced) {
        MemorySegment msg = Arena.ofAuto().allocate(Math.max(1, length));
        for (int i = 0; i < length; i++) msg.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) (i * 31));
        int n = sequenced ? SequencedDataDescriptor.write(s, 0, msg, 0, length)
                : UnsequencedDataDescriptor.write(s, 0, msg, 0, length);
        assertEquals(length + 3, n);
        int from = sequenced ? SoupPacketType.FROM_SERVER : SoupPacketType.FROM_CLIENT;
        assertEquals(n, SoupDecoder.decode(s, 0, n, SoupHeaderDescriptor.MAX_PACKET_LENGTH, from));
        assertEquals(length, SequencedDataDescriptor.messageLength(s, 0));
        assertEquals(-1L, s.asSlice(3, length).mismatch(msg.asSlice(0, length)));
    }
}
