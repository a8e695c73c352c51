package qsl.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code qsl demo} (a smaller run of it): the node in a child JVM is SIGKILLed under load and
 * restarted, every acknowledgement the clients received is back byte for byte, and two runs end
 * with the same {@code digest:} line.
 */
@Timeout(600)
class DemoCommandTest {

    /** Runs the demo in-process and returns exit code and stdout lines. */
    private record Run(int exit, List<String> lines) {
        String digestLine() {
            return lines.get(lines.size() - 1);
        }

        String line(String prefix) {
            for (String l : lines) if (l.startsWith(prefix)) return l;
            throw new AssertionError("no line starting with '" + prefix + "' in:\n" + String.join("\n", lines));
        }
    }

    private static Run run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit;
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            exit = new CommandLine(new DemoCommand()).execute(args);
        } finally {
            System.setOut(saved);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        saved.print(out);
        return new Run(exit, out.lines().toList());
    }

    @Test
    void twoRunsSurviveASigkillAndPrintTheSameDigest() {
        String[] args = {"--clients", "2", "--scripted", "400", "--load-millis", "1000"};
        Run a = run(args);
        assertEquals(0, a.exit(), "exit status");
        assertTrue(a.line("  SIGKILL:").contains("killed under load"));
        assertTrue(a.line("  acknowledged:").endsWith("byte for byte: yes"), a.line("  acknowledged:"));
        assertTrue(a.line("  SIGTERM:").endsWith("exited 0"), a.line("  SIGTERM:"));
        assertTrue(a.digestLine().matches("digest: [0-9a-f]{16}"), a.digestLine());
        Run b = run(args);
        assertEquals(0, b.exit(), "exit status");
        assertEquals(a.digestLine(), b.digestLine(), "the digest is the same on every run");
    }
}
