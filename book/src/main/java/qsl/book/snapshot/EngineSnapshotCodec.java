package qsl.book.snapshot;

import static qsl.book.snapshot.EngineSnapshotDescriptor.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import qsl.book.BookVisitor;
import qsl.book.Engine;
import qsl.book.EngineConfig;
import qsl.book.Side;
import qsl.book.SymbolSpec;

/**
 * Encodes an engine's state to bytes ({@link EngineSnapshotDescriptor}) and restores it into a
 * fresh engine through the restore hooks. Decoding is total: malformed bytes give a
 * {@link Decoded.Malformed} naming the offset and what was wrong, never an exception. Not a hot
 * path: snapshots are taken now and then, off the matching loop's steady state.
 */
public final class EngineSnapshotCodec {
    private EngineSnapshotCodec() {}

    /** A snapshot's header and symbols, read before building the engine to restore into. */
    public record Header(EngineConfig config, long logSequence, long engineLastSequence, List<SymbolSpec> symbols,
                         long totalOrders) {}

    /** The outcome of reading a snapshot. */
    public sealed interface Decoded permits Decoded.Ok, Decoded.Malformed {
        record Ok(Header header) implements Decoded {}

        record Malformed(long offset, String reason) implements Decoded {
            @Override
            public String toString() {
                return "malformed engine snapshot at offset " + offset + ": " + reason;
            }
        }
    }

    /** The outcome of a restore. */
    public sealed interface Restored permits Restored.Ok, Restored.Malformed {
        record Ok(Header header) implements Restored {}

        record Malformed(long offset, String reason) implements Restored {}
    }

    /**
     * Encodes {@code engine}'s state.
     *
     * @param symbols every symbol registered on the engine, with the rules it was registered with
     * @param logSequence the last log record the state includes
     */
    public static byte[] encode(Engine engine, EngineConfig config, List<SymbolSpec> symbols, long logSequence) {
        Encoder e = new Encoder(symbols);
        int length = e.encode(engine, config, logSequence);
        return Arrays.copyOf(e.array(), length);
    }

    /**
     * A reusable encoder for one engine's snapshots (what a node's engine thread keeps): it encodes
     * into its own buffer, which grows (with a quarter of headroom) only when a snapshot is larger
     * than any before, so taking snapshots of a state that does not grow allocates nothing.
     * One thread at a time; the bytes of a snapshot stay valid until the next {@link #encode}.
     */
    public static final class Encoder {
        private final SymbolSpec[] sorted;
        private final CRC32C crc = new CRC32C();
        private final OrderWriter w = new OrderWriter();
        private byte[] bytes = new byte[0];

        /** @param symbols every symbol registered on the engine, with the rules it was registered with */
        public Encoder(List<SymbolSpec> symbols) {
            this(symbols, 0);
        }

        /**
         * @param symbols every symbol registered on the engine, with the rules it was registered with
         * @param restingOrders the buffer is allocated now for a snapshot of this many resting orders
         *     (a larger one grows it when it comes)
         */
        public Encoder(List<SymbolSpec> symbols, int restingOrders) {
            List<SymbolSpec> s = new ArrayList<>(symbols);
            s.sort((a, b) -> Integer.compare(a.symbol(), b.symbol()));
            this.sorted = s.toArray(new SymbolSpec[0]);
            if (restingOrders > 0) bytes = new byte[Math.toIntExact(HEADER_LENGTH + (long) sorted.length * SYMBOL_LENGTH + (long) restingOrders * ORDER_LENGTH)];
        }

        /**
         * Encodes {@code engine}'s state into {@link #array()} and returns its length.
         *
         * @param logSequence the last log record the state includes
         */
        public int encode(Engine engine, EngineConfig config, long logSequence) {
            int orders = engine.restingOrders();
            int size = HEADER_LENGTH + sorted.length * SYMBOL_LENGTH + orders * ORDER_LENGTH;
            if (bytes.length < size) bytes = new byte[size + size / 4];
            else Arrays.fill(bytes, 0, size, (byte) 0); // reserved fields are zero, as in a fresh buffer
            ByteBuffer b = w.wrap(bytes, size);
            b.putLong(MAGIC_OFFSET, MAGIC);
            b.putInt(VERSION_OFFSET, VERSION);
            b.putInt(SYMBOL_COUNT_OFFSET, sorted.length);
            b.putLong(LOG_SEQUENCE_OFFSET, logSequence);
            b.putLong(ENGINE_SEQUENCE_OFFSET, engine.lastSequence());
            b.putInt(MAX_ORDERS_OFFSET, config.maxOrders());
            b.putInt(MAX_SYMBOLS_OFFSET, config.maxSymbols());
            b.putInt(BAND_LEVELS_OFFSET, config.bandLevels());
            b.putLong(TOTAL_ORDERS_OFFSET, orders);
            w.at = HEADER_LENGTH;
            long total = 0;
            for (SymbolSpec s : sorted) {
                int at = w.at;
                b.putInt(at + SYMBOL_ID_OFFSET, s.symbol());
                b.putLong(at + SYMBOL_SPEC_OFFSET, s.tickSize());
                b.putLong(at + SYMBOL_SPEC_OFFSET + 8, s.minQuantity());
                b.putLong(at + SYMBOL_SPEC_OFFSET + 16, s.maxQuantity());
                b.putLong(at + SYMBOL_SPEC_OFFSET + 24, s.maxNotional());
                b.putLong(at + SYMBOL_SPEC_OFFSET + 32, s.collar());
                b.putLong(at + SYMBOL_SPEC_OFFSET + 40, s.referencePrice());
                b.putLong(at + SYMBOL_LAST_TRADE_OFFSET, engine.lastTradePrice(s.symbol()));
                w.at = at + SYMBOL_LENGTH;
                w.count = 0;
                engine.visitBook(s.symbol(), w);
                b.putLong(at + SYMBOL_ORDER_COUNT_OFFSET, w.count);
                total += w.count;
            }
            if (total != orders || w.at != size) {
                throw new IllegalStateException("engine reported " + orders + " resting orders but its books hold " + total
                        + " (symbols not all listed?)");
            }
            b.putInt(BODY_CRC_OFFSET, checksum(crc, bytes, size));
            return size;
        }

        /** The buffer the last {@link #encode} wrote (its first {@code length} bytes are the snapshot). */
        public byte[] array() {
            return bytes;
        }
    }

    private static final class OrderWriter implements BookVisitor {
        private byte[] wrapped;
        private ByteBuffer b;
        private int limit;
        int at;
        long count;

        /** A little-endian view of {@code bytes} whose first {@code size} bytes the snapshot fills; rebuilt only when the array changes. */
        ByteBuffer wrap(byte[] bytes, int size) {
            if (bytes != wrapped) {
                wrapped = bytes;
                b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            }
            limit = size;
            return b;
        }

        @Override
        public void level(byte side, long price, long totalQuantity, int orderCount) {}

        @Override
        public void order(byte side, long price, long orderId, int account, long openQuantity) {
            if (at + ORDER_LENGTH > limit) {
                throw new IllegalStateException("engine visited more orders than restingOrders() reported");
            }
            b.putLong(at + ORDER_ID_OFFSET, orderId);
            b.putInt(at + ORDER_SIDE_OFFSET, side & 0xff); // side and three reserved zero bytes
            b.putInt(at + ORDER_ACCOUNT_OFFSET, account);
            b.putLong(at + ORDER_PRICE_OFFSET, price);
            b.putLong(at + ORDER_QUANTITY_OFFSET, openQuantity);
            at += ORDER_LENGTH;
            count++;
        }
    }

    /** Reads and checks the whole snapshot (header, symbols, every order's fields, the body checksum) without restoring. */
    public static Decoded decode(byte[] bytes) {
        return walk(bytes, null);
    }

    /**
     * Restores the snapshot into {@code fresh}: a new engine built with {@link Header#config()} and
     * nothing registered. Registers each symbol, restores its last trade price and orders, then the
     * sequence counter. The bytes are fully checked before the engine is touched.
     */
    public static Restored restore(byte[] bytes, Engine fresh) {
        Decoded d = walk(bytes, null);
        if (d instanceof Decoded.Malformed m) return new Restored.Malformed(m.offset(), m.reason());
        walk(bytes, fresh);
        Header h = ((Decoded.Ok) d).header();
        fresh.restoreLastSequence(h.engineLastSequence());
        return new Restored.Ok(h);
    }

    /** CRC32C of every byte but the checksum word itself (and the reserved word after it). */
    static int checksum(byte[] bytes) {
        return checksum(new CRC32C(), bytes, bytes.length);
    }

    /** The same over the first {@code length} bytes, with a reused {@code c}. */
    private static int checksum(CRC32C c, byte[] bytes, int length) {
        c.reset();
        c.update(bytes, 0, BODY_CRC_OFFSET);
        c.update(bytes, HEADER_LENGTH, length - HEADER_LENGTH);
        return (int) c.getValue();
    }

    private static Decoded walk(byte[] bytes, Engine into) {
        if (bytes.length < HEADER_LENGTH) return new Decoded.Malformed(0, "shorter than the header: " + bytes.length + " bytes");
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getLong(MAGIC_OFFSET) != MAGIC) return new Decoded.Malformed(MAGIC_OFFSET, "bad magic");
        if (b.getInt(VERSION_OFFSET) != VERSION) return new Decoded.Malformed(VERSION_OFFSET, "unknown version " + b.getInt(VERSION_OFFSET));
        int maxOrders = b.getInt(MAX_ORDERS_OFFSET);
        int maxSymbols = b.getInt(MAX_SYMBOLS_OFFSET);
        int bandLevels = b.getInt(BAND_LEVELS_OFFSET);
        EngineConfig config;
        if (maxOrders < 1 || maxSymbols < 1 || bandLevels < 64 || Integer.bitCount(bandLevels) != 1) {
            return new Decoded.Malformed(MAX_ORDERS_OFFSET, "invalid engine config " + maxOrders + "/" + maxSymbols + "/" + bandLevels);
        }
        config = new EngineConfig(maxOrders, maxSymbols, bandLevels);
        int symbols = b.getInt(SYMBOL_COUNT_OFFSET);
        long totalOrders = b.getLong(TOTAL_ORDERS_OFFSET);
        long logSeq = b.getLong(LOG_SEQUENCE_OFFSET);
        long engineSeq = b.getLong(ENGINE_SEQUENCE_OFFSET);
        if (symbols < 0 || symbols > maxSymbols) return new Decoded.Malformed(SYMBOL_COUNT_OFFSET, "symbol count " + symbols);
        if (totalOrders < 0 || totalOrders > maxOrders) return new Decoded.Malformed(TOTAL_ORDERS_OFFSET, "order count " + totalOrders);
        if (logSeq < 0 || engineSeq < 0 || engineSeq == Long.MAX_VALUE) { // what restoreLastSequence refuses
            return new Decoded.Malformed(LOG_SEQUENCE_OFFSET, "sequence outside [0, Long.MAX_VALUE)");
        }
        long expectedLength = HEADER_LENGTH + (long) symbols * SYMBOL_LENGTH + totalOrders * ORDER_LENGTH;
        if (bytes.length != expectedLength) {
            return new Decoded.Malformed(0, "length " + bytes.length + ", header implies " + expectedLength);
        }
        if (into == null && checksum(bytes) != b.getInt(BODY_CRC_OFFSET)) {
            return new Decoded.Malformed(BODY_CRC_OFFSET, "checksum mismatch");
        }
        List<SymbolSpec> specs = new ArrayList<>(symbols);
        long[] ids = into == null ? new long[(int) totalOrders] : null; // for the duplicate check
        int at = HEADER_LENGTH;
        long seen = 0;
        int previousSymbol = -1;
        for (int s = 0; s < symbols; s++) {
            int id = b.getInt(at + SYMBOL_ID_OFFSET);
            if (id <= previousSymbol || id >= maxSymbols) return new Decoded.Malformed(at, "symbol id " + id + " out of order or range");
            previousSymbol = id;
            long tick = b.getLong(at + SYMBOL_SPEC_OFFSET);
            long minQ = b.getLong(at + SYMBOL_SPEC_OFFSET + 8);
            long maxQ = b.getLong(at + SYMBOL_SPEC_OFFSET + 16);
            long maxN = b.getLong(at + SYMBOL_SPEC_OFFSET + 24);
            long collar = b.getLong(at + SYMBOL_SPEC_OFFSET + 32);
            long ref = b.getLong(at + SYMBOL_SPEC_OFFSET + 40);
            if (tick < 1 || minQ < 1 || maxQ < minQ || maxN < 1 || collar < 0 || ref < 0) {
                return new Decoded.Malformed(at + SYMBOL_SPEC_OFFSET, "invalid rules for symbol " + id);
            }
            if (maxQ > Long.MAX_VALUE / maxOrders) { // what addSymbol refuses
                return new Decoded.Malformed(at + SYMBOL_SPEC_OFFSET + 16, "maxQuantity x maxOrders overflows for symbol " + id);
            }
            SymbolSpec spec = new SymbolSpec(id, tick, minQ, maxQ, maxN, collar, ref);
            specs.add(spec);
            long lastTrade = b.getLong(at + SYMBOL_LAST_TRADE_OFFSET);
            if (lastTrade < 0 || lastTrade % tick != 0) { // what restoreLastTradePrice refuses
                return new Decoded.Malformed(at + SYMBOL_LAST_TRADE_OFFSET, "last trade price " + lastTrade + " not 0 or a multiple of tick " + tick);
            }
            long count = b.getLong(at + SYMBOL_ORDER_COUNT_OFFSET);
            if (count < 0 || count > totalOrders - seen) return new Decoded.Malformed(at + SYMBOL_ORDER_COUNT_OFFSET, "order count " + count);
            if (into != null) {
                into.addSymbol(spec);
                into.restoreLastTradePrice(id, lastTrade);
            }
            at += SYMBOL_LENGTH;
            int lastSide = Side.BUY;
            long lastPrice = 0;
            long bestBid = 0;
            for (long k = 0; k < count; k++, at += ORDER_LENGTH) {
                long orderId = b.getLong(at + ORDER_ID_OFFSET);
                int sideWord = b.getInt(at + ORDER_SIDE_OFFSET); // side byte, then three reserved bytes
                int account = b.getInt(at + ORDER_ACCOUNT_OFFSET);
                long price = b.getLong(at + ORDER_PRICE_OFFSET);
                long qty = b.getLong(at + ORDER_QUANTITY_OFFSET);
                if (sideWord != Side.BUY && sideWord != Side.SELL)
                    return new Decoded.Malformed(at + ORDER_SIDE_OFFSET, "invalid side or non-zero reserved bytes");
                if (price <= 0 || qty <= 0) return new Decoded.Malformed(at, "non-positive price or quantity");
                if (price % tick != 0) return new Decoded.Malformed(at + ORDER_PRICE_OFFSET, "price " + price + " off tick " + tick);
                if (qty > maxQ) return new Decoded.Malformed(at + ORDER_QUANTITY_OFFSET, "quantity above the symbol's maximum");
                // Book order: bids best (highest) first, then asks best (lowest) first, never crossed.
                boolean firstOfSide = k == 0 || sideWord != lastSide;
                if (sideWord < lastSide
                        || (!firstOfSide && (sideWord == Side.BUY ? price > lastPrice : price < lastPrice))
                        || (firstOfSide && sideWord == Side.SELL && bestBid != 0 && price <= bestBid)) {
                    return new Decoded.Malformed(at + ORDER_PRICE_OFFSET, "orders not in book order (or a crossed book)");
                }
                if (firstOfSide && sideWord == Side.BUY) bestBid = price;
                lastSide = sideWord;
                lastPrice = price;
                if (ids != null) ids[(int) (seen + k)] = orderId;
                if (into != null) into.restoreOrder(id, orderId, account, (byte) sideWord, price, qty);
            }
            seen += count;
        }
        if (seen != totalOrders) return new Decoded.Malformed(TOTAL_ORDERS_OFFSET, "orders listed " + seen + " != header " + totalOrders);
        if (ids != null) {
            java.util.Arrays.sort(ids);
            for (int i = 1; i < ids.length; i++) {
                if (ids[i] == ids[i - 1]) return new Decoded.Malformed(HEADER_LENGTH, "order id " + ids[i] + " listed twice");
            }
        }
        return new Decoded.Ok(new Header(config, logSeq, engineSeq, List.copyOf(specs), totalOrders));
    }
}
