package qsl.gateway;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import qsl.book.SymbolSpec;

/**
 * What a data directory trades: its symbols (engine id = position in the list) and the
 * SoupBinTCP session name. Written to {@code venue.properties} at the directory's first start and
 * read back on every later one, so the journal always replays against the symbols it was written
 * with: the configuration's symbol list only matters for a new directory.
 *
 * @param session the 10-character SoupBinTCP session name (derived from the directory's first start)
 * @param symbols the symbols, engine id = index
 */
public record Venue(String session, List<Symbol> symbols) {
    public static final String FILE = "venue.properties";

    /**
     * One symbol: its 8-byte wire name (ASCII, space padded) and its rules.
     *
     * @param name 1..8 ASCII letters, digits, '.' or '-'
     */
    public record Symbol(String name, SymbolSpec spec) {
        public Symbol {
            if (name.isEmpty() || name.length() > 8 || !name.chars().allMatch(c -> c > 32 && c < 127))
                throw new IllegalArgumentException("symbol name must be 1..8 printable ASCII characters: '" + name + "'");
        }

        /** The wire name as a big-endian long of its 8 space-padded bytes (how the codecs compare it). */
        public long key() {
            return key(name);
        }

        public static long key(String name) {
            long k = 0;
            for (int i = 0; i < 8; i++) k = (k << 8) | (i < name.length() ? name.charAt(i) & 0xFF : ' ');
            return k;
        }
    }

    /** The embedded default venue: four symbols with open rules. */
    public static final List<Symbol> DEMO_SYMBOLS = parseSymbols("AAPL:10000,MSFT:20000,GOOG:15000,AMZN:12000");

    /**
     * Parses {@code NAME:referencePrice[:tick[:minQty[:maxQty[:maxNotional[:collar]]]]]} entries
     * separated by commas; engine ids follow the order. Defaults: tick 1, quantities 1..10^9, no
     * notional limit, no collar.
     */
    public static List<Symbol> parseSymbols(String text) {
        List<Symbol> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String s = part.strip();
            if (s.isEmpty()) continue;
            String[] f = s.split(":");
            try {
                long ref = f.length > 1 ? Long.parseLong(f[1]) : 0;
                long tick = f.length > 2 ? Long.parseLong(f[2]) : 1;
                long min = f.length > 3 ? Long.parseLong(f[3]) : 1;
                long max = f.length > 4 ? Long.parseLong(f[4]) : 1_000_000_000L;
                long notional = f.length > 5 ? Long.parseLong(f[5]) : Long.MAX_VALUE;
                long collar = f.length > 6 ? Long.parseLong(f[6]) : 0;
                if (f.length > 7) throw new NumberFormatException();
                out.add(new Symbol(f[0], new SymbolSpec(out.size(), tick, min, max, notional, collar, ref)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad symbol entry '" + s + "': NAME:referencePrice[:tick[:minQty[:maxQty[:maxNotional[:collar]]]]]");
            }
        }
        for (int i = 0; i < out.size(); i++)
            for (int j = 0; j < i; j++)
                if (out.get(i).name().equals(out.get(j).name())) throw new IllegalArgumentException("duplicate symbol " + out.get(i).name());
        if (out.isEmpty()) throw new IllegalArgumentException("no symbols");
        return List.copyOf(out);
    }

    static String format(List<Symbol> symbols) {
        StringBuilder b = new StringBuilder();
        for (Symbol s : symbols) {
            if (b.length() > 0) b.append(',');
            SymbolSpec p = s.spec();
            b.append(s.name()).append(':').append(p.referencePrice()).append(':').append(p.tickSize()).append(':')
                    .append(p.minQuantity()).append(':').append(p.maxQuantity()).append(':').append(p.maxNotional())
                    .append(':').append(p.collar());
        }
        return b.toString();
    }

    /**
     * The directory's venue: read from {@link #FILE} when it exists, else created from
     * {@code symbols} with a session name from {@code sessionSeed} and written (synced) there.
     */
    public static Venue openOrCreate(Path dataDir, List<Symbol> symbols, long sessionSeed) throws IOException {
        Path f = dataDir.resolve(FILE);
        if (Files.exists(f)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(f, StandardCharsets.US_ASCII)) {
                p.load(r);
            }
            return new Venue(p.getProperty("session"), parseSymbols(p.getProperty("symbols")));
        }
        Files.createDirectories(dataDir);
        String session = String.format("%10s", Long.toString(Math.abs(sessionSeed % 10_000_000_000L))).replace(' ', '0');
        Properties p = new Properties();
        p.setProperty("session", session);
        p.setProperty("symbols", format(symbols));
        Path tmp = dataDir.resolve(FILE + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII)) {
            p.store(w, "qsl venue: fixed at this directory's first start; the journal replays against it");
        }
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, f, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return new Venue(session, symbols);
    }

    /** The engine id of a wire symbol key, -1 when unknown. Linear: venues are small. */
    public int symbolId(long key) {
        List<Symbol> s = symbols;
        for (int i = 0, n = s.size(); i < n; i++) if (s.get(i).key() == key) return i;
        return -1;
    }
}
