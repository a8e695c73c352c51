package qsl.protocol.fix;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/** Builds FIX text for tests: '|' stands for SOH; BodyLength and CheckSum are computed. */
final class FixTestMessages {
    private FixTestMessages() {}

    /** A full frame from a body written with '|' separators, e.g. {@code "35=0|34=2|"}. */
    static byte[] frame(String body) {
        String b = body.replace('|', '\u0001');
        String head = "8=FIX.4.4\u00019=" + b.length() + "\u0001";
        String pre = head + b;
        int sum = 0;
        for (byte x : pre.getBytes(StandardCharsets.ISO_8859_1)) sum += x & 0xFF;
        return (pre + String.format("10=%03d\u0001", sum & 0xFF)).getBytes(StandardCharsets.ISO_8859_1);
    }

    static MemorySegment seg(byte[] b) {
        return MemorySegment.ofArray(b);
    }

    static String text(MemorySegment s, long off, int len) {
        byte[] b = s.asSlice(off, len).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        return new String(b, StandardCharsets.ISO_8859_1).replace('\u0001', '|');
    }
}
