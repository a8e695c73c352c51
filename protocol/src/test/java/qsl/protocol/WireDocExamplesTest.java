package qsl.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import qsl.protocol.entry.AcceptedDescriptor;
import qsl.protocol.entry.CancelOrderDescriptor;
import qsl.protocol.entry.CanceledDescriptor;
import qsl.protocol.entry.EnterOrderDescriptor;
import qsl.protocol.entry.ExecutedDescriptor;
import qsl.protocol.entry.GatewayReason;
import qsl.protocol.entry.MassCancelDescriptor;
import qsl.protocol.entry.RejectedDescriptor;
import qsl.protocol.entry.Symbols;
import qsl.protocol.soup.LoginAcceptedDescriptor;
import qsl.protocol.soup.LoginRequestDescriptor;
import qsl.protocol.soup.SoupHeaderDescriptor;

/** docs/wire.md's worked hex examples and reason table are what the code writes and names. */
class WireDocExamplesTest {
    private final MemorySegment s = Arena.ofAuto().allocate(256);

    private static String doc() throws IOException {
        Path p = Path.of("..", "docs", "wire.md");
        if (!Files.exists(p)) p = Path.of("docs", "wire.md");
        return Files.readString(p);
    }

    private String hex(int n) {
        return HexFormat.of().formatHex(s.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
    }

    private int data(char type, int messageLength) {
        return SoupHeaderDescriptor.write(s, 0, (byte) type, messageLength);
    }

    @Test
    void hexExamplesMatchTheEncoders() throws IOException {
        Map<String, String> blocks = new LinkedHashMap<>();
        Matcher m = Pattern.compile("```hex ([a-z-]+)\\n(.*?)```", Pattern.DOTALL).matcher(doc());
        while (m.find()) blocks.put(m.group(1), m.group(2).replaceAll("\\s", ""));
        long aapl = Symbols.key("AAPL");
        Map<String, String> want = new LinkedHashMap<>();
        want.put("login-request", hex(LoginRequestDescriptor.write(s, 0, "demo", "demo", "", 1)));
        want.put("login-accepted", hex(LoginAcceptedDescriptor.write(s, 0, "0000001234", 1)));
        want.put("enter-order", hex(data('U', EnterOrderDescriptor.write(s, 3, 1, aapl, (byte) 'B', (byte) 'L', (byte) 'G',
                10000, 100))));
        want.put("accepted", hex(data('S', AcceptedDescriptor.write(s, 3, 1, 1, aapl, (byte) 'B', (byte) 'L', (byte) 'G',
                10000, 100))));
        want.put("executed", hex(data('S', ExecutedDescriptor.write(s, 3, 1, 1, 1, 10000, 40, 60, (byte) 'A'))));
        want.put("cancel-order", hex(data('U', CancelOrderDescriptor.write(s, 3, 1))));
        want.put("canceled", hex(data('S', CanceledDescriptor.write(s, 3, 1, 1, 100, (byte) 0))));
        want.put("rejected", hex(data('S', RejectedDescriptor.write(s, 3, 2, (byte) 6))));
        want.put("mass-cancel", hex(data('U', MassCancelDescriptor.write(s, 3, Symbols.ALL))));
        assertEquals(want.keySet(), blocks.keySet());
        for (Map.Entry<String, String> e : want.entrySet()) assertEquals(e.getValue(), blocks.get(e.getKey()), e.getKey());
    }

    @Test
    void reasonTableNamesEveryCode() throws IOException {
        Matcher m = Pattern.compile("(?m)^\\| (\\d+) \\| ([A-Z_]+) \\|").matcher(doc());
        int rows = 0;
        while (m.find()) {
            byte code = (byte) Integer.parseInt(m.group(1));
            assertEquals(m.group(2), GatewayReason.name(code), "code " + code);
            rows++;
        }
        assertEquals(16 + (GatewayReason.LAST - GatewayReason.FIRST + 1), rows);
        assertTrue(doc().contains("qsl.protocol.entry.GatewayReason"));
    }
}
