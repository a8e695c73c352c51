package qsl.perf.results;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small total JSON reader (RFC 8259) for results files: every input gives either a value or
 * a {@link Parsed.Failure} naming the character offset and what was wrong; it never throws.
 *
 * <p>Values come back as: {@code Map<String, Object>} (insertion-ordered, read-only),
 * {@code List<Object>} (read-only), {@link String}, {@link JsonNumber} (keeps the literal as
 * written, so the index copies numbers verbatim), {@link Boolean}, and {@code null}. Nesting
 * deeper than {@link #MAX_DEPTH} is a failure, not a stack overflow. A duplicate object key
 * is a failure: a results file naming the same figure twice is ambiguous.
 *
 * <p>Written here rather than taken from a library: the results index needs only this, and
 * the perf module is read by every bench; a 200-line reader is cheaper than a dependency.
 */
public final class JsonReader {
    /** Deepest nesting of arrays and objects accepted. */
    public static final int MAX_DEPTH = 256;

    private final String text;
    private int pos;

    private JsonReader(String text) {
        this.text = text;
    }

    /** A JSON number exactly as written in the file. */
    public record JsonNumber(String literal) {
        public double doubleValue() {
            return Double.parseDouble(literal);
        }

        @Override
        public String toString() {
            return literal;
        }
    }

    /** The outcome of a parse. */
    public sealed interface Parsed permits Parsed.Success, Parsed.Failure {
        /** The document's single top-level value. */
        record Success(Object value) implements Parsed {}

        /** Where the document stopped being JSON ({@code offset} counts UTF-16 chars from 0) and why. */
        record Failure(int offset, String message) implements Parsed {
            @Override
            public String toString() {
                return "invalid JSON at offset " + offset + ": " + message;
            }
        }
    }

    /** Signals a parse failure inside the reader; never leaves {@link #parse}. */
    private static final class Stop extends Exception {
        final int offset;

        Stop(int offset, String message) {
            super(message, null, false, false);
            this.offset = offset;
        }
    }

    /** Parses one JSON document (surrounding whitespace allowed, nothing else after it). */
    public static Parsed parse(String text) {
        if (text == null) return new Parsed.Failure(0, "no input");
        JsonReader r = new JsonReader(text);
        try {
            r.skipWhitespace();
            Object v = r.value(0);
            r.skipWhitespace();
            if (r.pos != text.length()) throw new Stop(r.pos, "unexpected text after the document");
            return new Parsed.Success(v);
        } catch (Stop s) {
            return new Parsed.Failure(s.offset, s.getMessage());
        }
    }

    private Object value(int depth) throws Stop {
        if (depth > MAX_DEPTH) throw new Stop(pos, "nesting deeper than " + MAX_DEPTH);
        if (pos >= text.length()) throw new Stop(pos, "unexpected end of input, expected a value");
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) yield number();
                throw new Stop(pos, "unexpected character '" + printable(c) + "', expected a value");
            }
        };
    }

    private Map<String, Object> object(int depth) throws Stop {
        pos++; // '{'
        Map<String, Object> m = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return Collections.unmodifiableMap(m);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') throw new Stop(pos, "expected a string key");
            int keyAt = pos;
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object v = value(depth + 1);
            if (m.containsKey(key)) throw new Stop(keyAt, "duplicate key \"" + key + "\"");
            m.put(key, v);
            skipWhitespace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == '}') {
                pos++;
                return Collections.unmodifiableMap(m);
            } else {
                throw new Stop(pos, "expected ',' or '}' in an object");
            }
        }
    }

    private List<Object> array(int depth) throws Stop {
        pos++; // '['
        List<Object> l = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return Collections.unmodifiableList(l);
        }
        while (true) {
            skipWhitespace();
            l.add(value(depth + 1));
            skipWhitespace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == ']') {
                pos++;
                return Collections.unmodifiableList(l);
            } else {
                throw new Stop(pos, "expected ',' or ']' in an array");
            }
        }
    }

    private String string() throws Stop {
        int start = pos;
        pos++; // opening quote
        StringBuilder b = new StringBuilder();
        while (true) {
            if (pos >= text.length()) throw new Stop(start, "unterminated string");
            char c = text.charAt(pos++);
            if (c == '"') return b.toString();
            if (c < 0x20) throw new Stop(pos - 1, "control character in a string");
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (pos >= text.length()) throw new Stop(start, "unterminated string");
            char e = text.charAt(pos++);
            switch (e) {
                case '"' -> b.append('"');
                case '\\' -> b.append('\\');
                case '/' -> b.append('/');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) throw new Stop(pos - 2, "truncated \\u escape");
                    int cp = 0;
                    for (int i = 0; i < 4; i++) {
                        int d = Character.digit(text.charAt(pos + i), 16);
                        if (d < 0) throw new Stop(pos + i, "bad hex digit in a \\u escape");
                        cp = cp * 16 + d;
                    }
                    pos += 4;
                    b.append((char) cp);
                }
                default -> throw new Stop(pos - 1, "unknown escape '\\" + printable(e) + "'");
            }
        }
    }

    private JsonNumber number() throws Stop {
        int start = pos;
        if (peek() == '-') pos++;
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            while (isDigit(peek())) pos++;
        } else {
            throw new Stop(pos, "expected a digit");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) throw new Stop(pos, "expected a digit after '.'");
            while (isDigit(peek())) pos++;
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') pos++;
            if (!isDigit(peek())) throw new Stop(pos, "expected a digit in the exponent");
            while (isDigit(peek())) pos++;
        }
        String literal = text.substring(start, pos);
        if (Double.isInfinite(Double.parseDouble(literal))) throw new Stop(start, "number out of range: " + literal);
        return new JsonNumber(literal);
    }

    private Object literal(String word, Object v) throws Stop {
        if (!text.startsWith(word, pos)) throw new Stop(pos, "unexpected word, expected " + word);
        pos += word.length();
        return v;
    }

    private void expect(char c) throws Stop {
        if (peek() != c) throw new Stop(pos, "expected '" + c + "'");
        pos++;
    }

    /** The next char, or 0 at the end (0 is never valid where peek is used). */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String printable(char c) {
        return c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}
