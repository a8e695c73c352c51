package qsl.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs this module's jcstress tests ({@link RingClaimCommitPoll}, {@link WalDurablePublication},
 * {@link ReleaseAfterDurable}, {@link StageHandOff}, {@link OverlappedDurablePublication}, {@link OverlappedSyncFailure},
 * {@link SyncReleaseHandOff}) in a child JVM through jcstress's own runner, which forks the test
 * JVMs. The default suite uses jcstress's {@code sanity} preset with one JVM configuration (a short
 * mode: every test runs, few samples); {@code -Dqsl.stress=long} uses the {@code quick} preset with
 * every JVM configuration jcstress detects. Passes when jcstress reports no failed and no error
 * test and every test produced results.
 */
class JcstressTest {
    static final String[] TESTS = {"RingClaimCommitPoll", "WalDurablePublication", "ReleaseAfterDurable", "StageHandOff",
            "OverlappedDurablePublication", "OverlappedSyncFailure", "SyncReleaseHandOff"};

    @Test
    void everyJcstressTestPasses() throws Exception {
        boolean longRun = "long".equals(System.getProperty("qsl.stress"));
        Path work = Files.createTempDirectory("qsl-jcstress");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.openjdk.jcstress.Main",
                "-t", "qsl\\.stress\\..*", "-r", work.resolve("report").toString()));
        if (longRun) {
            cmd.addAll(List.of("-m", "quick", "-jvmArgsPrepend", "--enable-native-access=ALL-UNNAMED"));
        } else {
            cmd.addAll(List.of("-m", "sanity", "-jvmArgs", "--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC"));
        }
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("out.txt").toFile()).start();
        boolean finished = p.waitFor(longRun ? 60 : 10, TimeUnit.MINUTES);
        if (!finished) p.destroyForcibly();
        String out = Files.readString(work.resolve("out.txt"), StandardCharsets.UTF_8);
        System.out.println(tail(out, 40));
        assertTrue(finished, "jcstress did not finish");
        assertEquals(0, p.exitValue(), "jcstress exit status");
        assertTrue(out.contains("Failed tests: No matches."), "jcstress reports failed tests");
        assertTrue(out.contains("Error tests: No matches."), "jcstress reports error tests");
        assertTrue(out.matches("(?s).*Results: (\\d+) planned; \\1 passed, 0 failed, 0 soft errs, 0 hard errs.*"),
                "every planned jcstress result passed");
        String html = Files.readString(work.resolve("report").resolve("index.html"));
        for (String t : TESTS) assertTrue(html.contains("qsl.stress." + t), "no results for " + t);
        deleteQuietly(work);
    }

    private static String tail(String s, int lines) {
        String[] l = s.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(l, Math.max(0, l.length - lines), l.length));
    }

    private static void deleteQuietly(Path root) throws IOException {
        try (var w = Files.walk(root)) {
            for (Path p : w.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
