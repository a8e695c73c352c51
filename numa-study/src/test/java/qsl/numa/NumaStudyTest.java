package qsl.numa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import qsl.affinity.Topology;
import qsl.affinity.TopologyRead;
import qsl.perf.results.JsonReader;
import qsl.perf.results.ResultsSchema;

/**
 * A short end-to-end study on this machine: both files written, every section with an evidence
 * line, and figures only for what the host can show (no SMT or cross-node numbers without them).
 */
class NumaStudyTest {

    @Test
    void shortRunWritesHonestResults(@TempDir Path dir) throws Exception {
        TopologyRead read = Topology.readSystem();
        assumeTrue(read instanceof TopologyRead.Found, () -> "no /sys topology: " + read);
        Topology t = read.orElseThrow();
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        NumaStudy.Options o = new NumaStudy.Options(0.6, 8L << 20, dir, "test", new PrintStream(progress, true, StandardCharsets.UTF_8),
                Path.of("/sys"));
        Path json = NumaStudy.run(o);
        String text = Files.readString(json);
        assertTrue(Files.exists(dir.resolve("numa_study.md")));
        for (String section : new String[] {"\"topology\"", "\"plan\"", "\"ping_pong\"", "\"histograms\"", "\"rtt_same_cpu\"", "\"false_sharing\"",
                "\"memory_locality\"", "\"migrations\""}) {
            assertTrue(text.contains(section), section);
        }
        assertTrue(text.contains("\"evidence\": \"measured\"") || text.contains("\"evidence\": \"constrained: "));
        // The file keeps the results schema (meta, numbers-only figures, plottable histograms).
        JsonReader.Parsed parsed = JsonReader.parse(text);
        assertTrue(parsed instanceof JsonReader.Parsed.Success, parsed::toString);
        assertEquals(java.util.List.of(), ResultsSchema.problems(((JsonReader.Parsed.Success) parsed).value()));
        assertTrue(figure(text, "rtt_ns_p50_same_cpu") > 0);
        assertTrue(figure(text, "rtt_ns_p50_unpinned") > 0);
        assertTrue(figure(text, "rtt_ns_p99_same_cpu") >= figure(text, "rtt_ns_p50_same_cpu"));
        assertTrue(figure(text, "memory_chase_ns_per_load_local") > 0);
        assertTrue(figure(text, "migrations_per_s_pinned") >= 0);
        if (t.online().size() > 1) {
            assertTrue(figure(text, "false_sharing_slowdown") > 0);
            assertTrue(figure(text, "migrations_per_s_unpinned") >= 0);
        }
        // What the host lacks is said, and not filled in.
        if (!t.hasSmt()) {
            assertFalse(text.contains("rtt_ns_p50_smt_siblings"));
            assertTrue(text.contains("smt_siblings (no SMT: every core runs one hardware thread)"));
        }
        if (t.nodes().size() < 2) {
            assertFalse(text.contains("rtt_ns_p50_cross_node"));
            assertFalse(text.contains("memory_chase_ns_per_load_remote"));
            assertTrue(text.contains("cross_node (one NUMA node)"));
            assertTrue(text.contains("one NUMA node: no remote memory to compare with"));
            assertTrue(text.contains("\"evidence\": \"constrained: "));
        }
        String shown = progress.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("ping-pong same_cpu"), shown);
        assertTrue(shown.contains("wrote "), shown);
    }

    private static double figure(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\": ([-0-9.Ee+]+)").matcher(json);
        assertTrue(m.find(), "no figure " + key);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void defaultBufferIsTwiceTheL3WithinBounds() throws Exception {
        Topology two = StudyPlannerTest.twoSocket();
        assertEquals(256L << 20, NumaStudy.defaultBuffer(two)); // 2 x 16 MiB is below the floor
        assertEquals(16L << 20, NumaStudy.largestL3(two));
        assertEquals(256L << 20, NumaStudy.defaultBuffer(TopologyRead.flat(2, "no caches")));
    }
}
