package qsl.protocol.soup;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The total SoupBinTCP frame decoder. Given any bytes it answers one of three things, never
 * throwing and never allocating:
 * <ul>
 *   <li>a positive frame length: a complete, valid frame starts at {@code at} (its type at
 *       {@code at + 2}, read the fields through the packet's descriptor);</li>
 *   <li>{@link #NEED_MORE} (0): the bytes so far are a valid prefix; read more;</li>
 *   <li>a negative {@link SoupError} code: these bytes can never become a valid frame.</li>
 * </ul>
 * Errors are reported as early as the bytes allow: an impossible length or an unknown type is
 * refused from the first three bytes, before the payload arrives, so a receiver never buffers a
 * frame it will refuse. Validation covers framing and the session-layer fields (lengths per type,
 * ASCII of login fields, sequence numbers, reject codes); the bytes inside data packets are the
 * next layer's business.
 */
public final class SoupDecoder {
    /** The bytes are an incomplete but so far valid frame. */
    public static final int NEED_MORE = 0;

    private SoupDecoder() {}

    /**
     * Decodes the frame at {@code at}.
     *
     * @param available bytes readable from {@code at} (clipped to the segment's end)
     * @param maxPacketLength largest packet length accepted (1..65535); larger gives
     *        {@link SoupError#LENGTH_ABOVE_MAX}
     * @param from which sender's packets are valid: {@link SoupPacketType#FROM_CLIENT} (a
     *        server decoding), {@link SoupPacketType#FROM_SERVER} (a client decoding) or
     *        {@link SoupPacketType#EITHER}; others give {@link SoupError#WRONG_DIRECTION}
     * @return frame length &gt; 0, {@link #NEED_MORE}, or a negative {@link SoupError}
     */
    public static int decode(MemorySegment s, long at, long available, int maxPacketLength, int from) {
        long size = s.byteSize();
        if (at < 0 || at > size) return NEED_MORE;
        if (available > size - at) available = size - at;
        if (available < 2) return NEED_MORE;
        int length = SoupHeaderDescriptor.packetLength(s, at);
        if (length == 0) return SoupError.LENGTH_ZERO;
        if (length > maxPacketLength) return SoupError.LENGTH_ABOVE_MAX;
        if (available < 3) return NEED_MORE;
        byte type = SoupHeaderDescriptor.packetType(s, at);
        int fixed = SoupPacketType.packetLength(type);
        if (fixed == SoupPacketType.UNKNOWN) return SoupError.UNKNOWN_TYPE;
        if ((SoupPacketType.direction(type) & from) == 0) return SoupError.WRONG_DIRECTION;
        if (fixed != SoupPacketType.VARIABLE) {
            if (length < fixed) return SoupError.LENGTH_TOO_SMALL;
            if (length > fixed) return SoupError.LENGTH_TOO_LARGE;
        }
        int frame = SoupHeaderDescriptor.LENGTH_FIELD_SIZE + length;
        if (available < frame) return NEED_MORE;
        return switch (type) {
            case SoupPacketType.LOGIN_REQUEST -> checkLoginRequest(s, at, frame);
            case SoupPacketType.LOGIN_ACCEPTED -> checkLoginAccepted(s, at, frame);
            case SoupPacketType.LOGIN_REJECTED ->
                    LoginRejectedDescriptor.isValidReason(s.get(ValueLayout.JAVA_BYTE, at + LoginRejectedDescriptor.REASON_OFFSET))
                            ? frame : SoupError.BAD_REJECT_CODE;
            default -> frame;
        };
    }

    private static int checkLoginRequest(MemorySegment s, long at, int frame) {
        if (!SoupAscii.isAlpha(s, at + LoginRequestDescriptor.USERNAME_OFFSET, LoginRequestDescriptor.USERNAME_LENGTH)
                || !SoupAscii.isAlpha(s, at + LoginRequestDescriptor.PASSWORD_OFFSET, LoginRequestDescriptor.PASSWORD_LENGTH)
                || !SoupAscii.isAlpha(s, at + LoginRequestDescriptor.REQUESTED_SESSION_OFFSET,
                        LoginRequestDescriptor.REQUESTED_SESSION_LENGTH)) {
            return SoupError.BAD_ALPHA;
        }
        if (LoginRequestDescriptor.requestedSequenceNumber(s, at) == SoupAscii.BAD_NUMERIC) return SoupError.BAD_NUMERIC;
        return frame;
    }

    private static int checkLoginAccepted(MemorySegment s, long at, int frame) {
        if (!SoupAscii.isAlpha(s, at + LoginAcceptedDescriptor.SESSION_OFFSET, LoginAcceptedDescriptor.SESSION_LENGTH)) {
            return SoupError.BAD_ALPHA;
        }
        if (LoginAcceptedDescriptor.sequenceNumber(s, at) == SoupAscii.BAD_NUMERIC) return SoupError.BAD_NUMERIC;
        return frame;
    }
}
