package qsl.gateway.entry;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Login Request's sequence-number field and the Login Accepted's, read and written without
 * Strings, against a String-based reference over 100,000 random fields (digits, spaces, signs,
 * letters, overflow).
 */
class LoginFieldTest {
    private static final int WIDTH = 20;
    private static final byte[] ALPHABET = "0123456789 +-aZ9 ".getBytes(StandardCharsets.US_ASCII);

    /** The reference: spaces stripped, empty is 0, digits only, and within a long; otherwise -1. */
    static long reference(String field) {
        int from = 0, to = field.length();
        while (from < to && field.charAt(from) == ' ') from++;
        while (to > from && field.charAt(to - 1) == ' ') to--;
        String t = field.substring(from, to);
        if (t.isEmpty()) return 0;
        if (!t.chars().allMatch(c -> c >= '0' && c <= '9')) return -1;
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            return -1; // above Long.MAX_VALUE
        }
    }

    @Test
    void digitsAgreesWithTheReference() {
        SplittableRandom r = new SplittableRandom(7);
        byte[] field = new byte[WIDTH];
        for (int i = 0; i < 100_000; i++) {
            int len = r.nextInt(WIDTH + 1);
            java.util.Arrays.fill(field, (byte) ' ');
            int start = r.nextInt(WIDTH - len + 1);
            boolean digitsOnly = r.nextInt(3) > 0;
            for (int k = 0; k < len; k++) {
                field[start + k] = digitsOnly ? (byte) ('0' + r.nextInt(10)) : ALPHABET[r.nextInt(ALPHABET.length)];
            }
            String text = new String(field, StandardCharsets.US_ASCII);
            assertEquals(reference(text), SoupGateway.digits(MemorySegment.ofArray(field), 0, WIDTH), "'" + text + "'");
        }
        byte[] max = String.format("%20d", Long.MAX_VALUE).getBytes(StandardCharsets.US_ASCII);
        assertEquals(Long.MAX_VALUE, SoupGateway.digits(MemorySegment.ofArray(max), 0, WIDTH));
        byte[] over = "9223372036854775808 ".getBytes(StandardCharsets.US_ASCII);
        assertEquals(-1, SoupGateway.digits(MemorySegment.ofArray(over), 0, WIDTH));
    }

    @Test
    void putDigitsWritesWhatDigitsReads() {
        SplittableRandom r = new SplittableRandom(11);
        byte[] field = new byte[WIDTH];
        MemorySegment s = MemorySegment.ofArray(field);
        for (int i = 0; i < 100_000; i++) {
            long v = switch (i % 3) {
                case 0 -> r.nextLong(1_000);
                case 1 -> r.nextLong(Long.MAX_VALUE);
                default -> Long.MAX_VALUE - r.nextInt(10);
            };
            SoupGateway.putDigits(s, 0, v, WIDTH);
            assertEquals(String.format("%20d", v), new String(field, StandardCharsets.US_ASCII));
            assertEquals(v, SoupGateway.digits(s, 0, WIDTH));
        }
    }
}
