package qsl.gateway.fix;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * The FIX acceptor's settings (keys in the node's properties file, listed in {@code docs/fix.md}).
 *
 * @param host the address the FIX port binds
 * @param port the FIX port (0: any free port; -1: no FIX acceptor)
 * @param compId our CompID: a counterparty's TargetCompID (56) must name it
 * @param priceDecimals decimals of a FIX price: engine price units are {@code 10^-priceDecimals}
 * @param requireCredentials a Logon must carry Username (553) and Password (554) of the accounts file
 * @param maxOrdersPerSession live orders one FIX session may hold
 * @param keptMessages application messages kept per session for resends (a power of two)
 */
public record FixConfig(String host, int port, String compId, int priceDecimals, boolean requireCredentials,
                        int maxOrdersPerSession, int keptMessages) {
    public static final int DEFAULT_PORT = 7002;

    public FixConfig {
        if (priceDecimals < 0 || priceDecimals > 9) throw new IllegalArgumentException("fix.price.decimals must be 0..9");
        if (Integer.bitCount(keptMessages) != 1) throw new IllegalArgumentException("fix.kept.messages must be a power of two");
        if (compId.isEmpty()) throw new IllegalArgumentException("fix.comp.id is empty");
    }

    public static FixConfig defaults() {
        return new FixConfig("127.0.0.1", DEFAULT_PORT, "QSL", 2, false, 1 << 14, 1 << 14);
    }

    public FixConfig withPort(int p) {
        return new FixConfig(host, p, compId, priceDecimals, requireCredentials, maxOrdersPerSession, keptMessages);
    }

    public FixConfig withCredentialsRequired(boolean r) {
        return new FixConfig(host, port, compId, priceDecimals, r, maxOrdersPerSession, keptMessages);
    }

    /** The {@code fix.*} keys of a node properties file over {@link #defaults()} ({@code host} is shared). */
    public static FixConfig read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        FixConfig d = defaults();
        return new FixConfig(p.getProperty("host", d.host).strip(),
                Integer.parseInt(p.getProperty("fix.port", Integer.toString(d.port)).strip()),
                p.getProperty("fix.comp.id", d.compId).strip(),
                Integer.parseInt(p.getProperty("fix.price.decimals", Integer.toString(d.priceDecimals)).strip()),
                Boolean.parseBoolean(p.getProperty("fix.require.credentials", "false").strip().toLowerCase(Locale.ROOT)),
                Integer.parseInt(p.getProperty("fix.max.orders.per.session", Integer.toString(d.maxOrdersPerSession)).strip()),
                Integer.parseInt(p.getProperty("fix.kept.messages", Integer.toString(d.keptMessages)).strip()));
    }
}
