package qsl.cluster;

import static qsl.cluster.ServiceSnapshotDescriptor.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import qsl.book.Engine;
import qsl.book.EngineConfig;
import qsl.book.SymbolSpec;
import qsl.book.snapshot.EngineSnapshotCodec;

/**
 * Encodes and decodes the clustered engine's snapshot ({@link ServiceSnapshotDescriptor}).
 * Decoding is total: malformed bytes give a {@link Loaded.Malformed}, never an exception.
 */
public final class ServiceSnapshot {
    private ServiceSnapshot() {}

    /** The outcome of loading a snapshot into a fresh engine and an empty session table. */
    public sealed interface Loaded permits Loaded.Ok, Loaded.Malformed {
        record Ok(EngineSnapshotCodec.Header header, int sessions) implements Loaded {}

        record Malformed(long offset, String reason) implements Loaded {}
    }

    public static byte[] encode(Engine engine, EngineConfig config, List<SymbolSpec> symbols, SessionTable sessions,
                                long logPosition) {
        byte[] engineBytes = EngineSnapshotCodec.encode(engine, config, symbols, logPosition);
        int total = HEADER_LENGTH + engineBytes.length + sessions.size() * SessionTable.ENTRY_LENGTH;
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(MAGIC_OFFSET, MAGIC);
        b.putInt(VERSION_OFFSET, VERSION);
        b.putInt(SESSION_COUNT_OFFSET, sessions.size());
        b.putLong(ENGINE_LENGTH_OFFSET, engineBytes.length);
        b.putLong(TOTAL_LENGTH_OFFSET, total);
        b.position(HEADER_LENGTH);
        b.put(engineBytes);
        sessions.encode(b);
        b.putInt(CRC_OFFSET, crc(b.array()));
        return b.array();
    }

    /** The total length a snapshot says it has, from its first {@link ServiceSnapshotDescriptor#HEADER_LENGTH} bytes; -1 if not a snapshot header. */
    public static long totalLength(byte[] header, int length) {
        if (length < HEADER_LENGTH) return -1;
        ByteBuffer b = ByteBuffer.wrap(header, 0, length).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getLong(MAGIC_OFFSET) != MAGIC || b.getInt(VERSION_OFFSET) != VERSION) return -1;
        long total = b.getLong(TOTAL_LENGTH_OFFSET);
        return total < HEADER_LENGTH || total > Integer.MAX_VALUE - 8 ? -1 : total;
    }

    /**
     * Restores {@code bytes} into {@code freshEngine} (built with the snapshot's config, nothing
     * registered) and {@code emptySessions}. The engine bytes are fully checked before the engine is touched.
     */
    public static Loaded load(byte[] bytes, Engine freshEngine, SessionTable emptySessions) {
        if (bytes.length < HEADER_LENGTH) return new Loaded.Malformed(0, "shorter than the header");
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getLong(MAGIC_OFFSET) != MAGIC) return new Loaded.Malformed(MAGIC_OFFSET, "bad magic");
        if (b.getInt(VERSION_OFFSET) != VERSION) return new Loaded.Malformed(VERSION_OFFSET, "unknown version");
        int sessions = b.getInt(SESSION_COUNT_OFFSET);
        long engineLength = b.getLong(ENGINE_LENGTH_OFFSET);
        long total = b.getLong(TOTAL_LENGTH_OFFSET);
        if (sessions < 0) return new Loaded.Malformed(SESSION_COUNT_OFFSET, "negative session count");
        if (engineLength < 0 || total != bytes.length
                || HEADER_LENGTH + engineLength + (long) sessions * SessionTable.ENTRY_LENGTH != total) {
            return new Loaded.Malformed(ENGINE_LENGTH_OFFSET, "lengths do not add up to " + bytes.length);
        }
        if (crc(bytes) != b.getInt(CRC_OFFSET)) return new Loaded.Malformed(CRC_OFFSET, "checksum mismatch");
        byte[] engineBytes = Arrays.copyOfRange(bytes, HEADER_LENGTH, HEADER_LENGTH + (int) engineLength);
        EngineSnapshotCodec.Decoded d = EngineSnapshotCodec.decode(engineBytes);
        if (d instanceof EngineSnapshotCodec.Decoded.Malformed m) {
            return new Loaded.Malformed(HEADER_LENGTH + m.offset(), m.reason());
        }
        EngineSnapshotCodec.Restored r = EngineSnapshotCodec.restore(engineBytes, freshEngine);
        if (r instanceof EngineSnapshotCodec.Restored.Malformed m) {
            return new Loaded.Malformed(HEADER_LENGTH + m.offset(), m.reason());
        }
        b.position(HEADER_LENGTH + (int) engineLength);
        for (int i = 0; i < sessions; i++) {
            emptySessions.restore(b.getLong(), b.getLong(), b.getLong(), b.getLong());
        }
        return new Loaded.Ok(((EngineSnapshotCodec.Restored.Ok) r).header(), sessions);
    }

    private static int crc(byte[] bytes) {
        CRC32C c = new CRC32C();
        c.update(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH);
        return (int) c.getValue();
    }

    /** The engine config a snapshot was taken with, or null when it is malformed. */
    public static EngineConfig config(byte[] bytes) {
        if (bytes.length < HEADER_LENGTH) return null;
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long engineLength = b.getLong(ENGINE_LENGTH_OFFSET);
        if (engineLength < 0 || HEADER_LENGTH + engineLength > bytes.length) return null;
        byte[] engineBytes = Arrays.copyOfRange(bytes, HEADER_LENGTH, HEADER_LENGTH + (int) engineLength);
        return EngineSnapshotCodec.decode(engineBytes) instanceof EngineSnapshotCodec.Decoded.Ok ok ? ok.header().config() : null;
    }
}
