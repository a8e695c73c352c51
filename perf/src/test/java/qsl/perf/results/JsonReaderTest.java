package qsl.perf.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import qsl.perf.results.JsonReader.JsonNumber;
import qsl.perf.results.JsonReader.Parsed;

class JsonReaderTest {

    private static Object ok(String text) {
        Parsed p = JsonReader.parse(text);
        assertInstanceOf(Parsed.Success.class, p, () -> "expected success for " + text + ": " + p);
        return ((Parsed.Success) p).value();
    }

    private static Parsed.Failure fails(String text) {
        Parsed p = JsonReader.parse(text);
        assertInstanceOf(Parsed.Failure.class, p, () -> "expected failure for " + text);
        return (Parsed.Failure) p;
    }

    @Test
    void readsEveryKindOfValue() {
        Object v = ok(" {\"a\": [1, -2.5e3, true, false, null, \"x\\ny\\u0041\\\"\"], \"b\": {}} ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of("a", "b"), new ArrayList<>(m.keySet()));
        List<?> a = (List<?>) m.get("a");
        assertEquals(new JsonNumber("1"), a.get(0));
        assertEquals(-2500.0, ((JsonNumber) a.get(1)).doubleValue());
        assertEquals("-2.5e3", a.get(1).toString(), "numbers keep their literal");
        assertEquals(Boolean.TRUE, a.get(2));
        assertEquals(Boolean.FALSE, a.get(3));
        assertEquals(null, a.get(4));
        assertEquals("x\nyA\"", a.get(5));
        assertEquals(Map.of(), m.get("b"));
    }

    @Test
    void namesTheOffsetOfWhatIsWrong() {
        assertEquals(6, fails("{\"a\": }").offset());
        assertEquals(0, fails("").offset());
        assertEquals(3, fails("[1 2]").offset());
        assertEquals(2, fails("[01]").offset(), "a leading zero ends the number");
        assertEquals(3, fails("1.5x").offset());
        assertTrue(fails("{\"a\":1,\"a\":2}").message().contains("duplicate key"));
        assertTrue(fails("\"abc").message().contains("unterminated"));
        assertTrue(fails("[1,]").message().contains("expected a value") || fails("[1,]").message().contains("unexpected"));
        assertTrue(fails("{\"a\" 1}").message().contains("expected ':'"));
        assertTrue(fails("nul").message().contains("null"));
        assertTrue(fails("\"\\x\"").message().contains("unknown escape"));
        assertTrue(fails("\"\\u12G4\"").message().contains("hex"));
        assertTrue(fails("1e999").message().contains("out of range"));
        assertTrue(fails("\"a\tb\"").message().contains("control character"));
    }

    @Test
    void deepNestingIsAFailureNotAStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertTrue(fails(deep).message().contains("nesting"));
        ok("[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH));
    }

    /** Total: any string gives a success or a failure with an offset inside the text, never an exception. */
    @Property(tries = 2000)
    void anyInputGivesAValueOrAFailure(@ForAll("jsonish") String text) {
        Parsed p = JsonReader.parse(text);
        if (p instanceof Parsed.Failure f) {
            assertTrue(f.offset() >= 0 && f.offset() <= text.length(), () -> "offset " + f.offset() + " outside " + text.length());
        }
    }

    @Provide
    Arbitrary<String> jsonish() {
        return Arbitraries.strings().withChars("{}[]\",:0123456789.-+eEtruefalsn \\u\t").ofMaxLength(40);
    }

    /** What the writer writes, the reader reads back to the same structure. */
    @Property(tries = 500)
    void readsBackWhatTheWriterWrites(@ForAll("documents") Map<String, Object> doc) {
        Object back = ok(Json.write(doc));
        assertEquals(normalise(doc), normalise(back));
    }

    @Provide
    Arbitrary<Map<String, Object>> documents() {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(8).map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().between(-1e12, 1e12).map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b));
        Arbitrary<Object> list = leaf.list().ofMaxSize(4).map(l -> (Object) l);
        Arbitrary<Object> value = Arbitraries.oneOf(leaf, list);
        return Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6), value).ofMaxSize(6)
                .map(LinkedHashMap::new);
    }

    /** Numbers compared by value (the writer prints 2.0 as 2), containers element-wise. */
    private static Object normalise(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), normalise(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) out.add(normalise(x));
            return out;
        }
        if (v instanceof JsonNumber n) return n.doubleValue();
        if (v instanceof Number n) return n.doubleValue();
        return v;
    }
}
