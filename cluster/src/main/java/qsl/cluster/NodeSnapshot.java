package qsl.cluster;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32C;
import qsl.book.snapshot.EngineSnapshotCodec;
import qsl.gateway.pipeline.NodeState;

/**
 * Encodes and checks {@link NodeSnapshotDescriptor} snapshots. Decoding is total: malformed bytes
 * give a {@link Checked.Malformed} with the offset, never an exception; the engine section and the
 * node state are checked by their own decoders before anything is restored.
 */
public final class NodeSnapshot {
    private NodeSnapshot() {}

    /** The outcome of {@link #check}. */
    public sealed interface Checked permits Checked.Ok, Checked.Malformed {
        /**
         * A sound snapshot: its engine section (for {@code EngineSnapshotCodec.restore}), its node state, its FIX
         * section (checked when restored: {@link ClusteredFix#restore}), its table size.
         */
        record Ok(byte[] engine, byte[] state, byte[] fix, int sessions) implements Checked {}

        record Malformed(long offset, String reason) implements Checked {}
    }

    /** The total length a header states, or -1 when {@code header} does not start a snapshot. */
    public static long totalLength(byte[] header, int length) {
        if (length < NodeSnapshotDescriptor.HEADER_LENGTH) return -1;
        ByteBuffer b = ByteBuffer.wrap(header, 0, length).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getLong(NodeSnapshotDescriptor.MAGIC_OFFSET) != NodeSnapshotDescriptor.MAGIC
                || b.getInt(NodeSnapshotDescriptor.VERSION_OFFSET) != NodeSnapshotDescriptor.VERSION) return -1;
        long total = b.getLong(NodeSnapshotDescriptor.TOTAL_LENGTH_OFFSET);
        return total < NodeSnapshotDescriptor.HEADER_LENGTH || total > Integer.MAX_VALUE - 8 ? -1 : total;
    }

    /** A snapshot of an engine section, a node state (store counts filled in), a FIX section and the session table. */
    public static byte[] encode(byte[] engine, byte[] state, byte[] fix, SessionTable sessions) {
        int total = NodeSnapshotDescriptor.HEADER_LENGTH + engine.length + state.length + fix.length
                + sessions.size() * SessionTable.ENTRY_LENGTH;
        byte[] out = new byte[total];
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(NodeSnapshotDescriptor.MAGIC_OFFSET, NodeSnapshotDescriptor.MAGIC);
        b.putInt(NodeSnapshotDescriptor.VERSION_OFFSET, NodeSnapshotDescriptor.VERSION);
        b.putInt(NodeSnapshotDescriptor.SESSION_COUNT_OFFSET, sessions.size());
        b.putLong(NodeSnapshotDescriptor.ENGINE_LENGTH_OFFSET, engine.length);
        b.putLong(NodeSnapshotDescriptor.TOTAL_LENGTH_OFFSET, total);
        b.putInt(NodeSnapshotDescriptor.STATE_LENGTH_OFFSET, state.length);
        b.putLong(NodeSnapshotDescriptor.FIX_LENGTH_OFFSET, fix.length);
        System.arraycopy(engine, 0, out, NodeSnapshotDescriptor.HEADER_LENGTH, engine.length);
        System.arraycopy(state, 0, out, NodeSnapshotDescriptor.HEADER_LENGTH + engine.length, state.length);
        System.arraycopy(fix, 0, out, NodeSnapshotDescriptor.HEADER_LENGTH + engine.length + state.length, fix.length);
        b.position(NodeSnapshotDescriptor.HEADER_LENGTH + engine.length + state.length + fix.length);
        sessions.encode(b);
        b.putInt(NodeSnapshotDescriptor.CRC_OFFSET, crc(out));
        return out;
    }

    private static int crc(byte[] bytes) {
        CRC32C c = new CRC32C();
        c.update(bytes, NodeSnapshotDescriptor.HEADER_LENGTH, bytes.length - NodeSnapshotDescriptor.HEADER_LENGTH);
        return (int) c.getValue();
    }

    /**
     * Checks every field of {@code bytes}, the engine section with the engine codec's decoder and
     * the node state with its own; when the whole snapshot is sound and {@code sessions} is given,
     * restores the session table into it.
     */
    public static Checked check(byte[] bytes, SessionTable sessions) {
        if (totalLength(bytes, bytes.length) != bytes.length) return new Checked.Malformed(0, "header or total length");
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(NodeSnapshotDescriptor.CRC_OFFSET) != crc(bytes)) return new Checked.Malformed(NodeSnapshotDescriptor.CRC_OFFSET, "CRC32C");
        int sessionCount = b.getInt(NodeSnapshotDescriptor.SESSION_COUNT_OFFSET);
        long engineLength = b.getLong(NodeSnapshotDescriptor.ENGINE_LENGTH_OFFSET);
        int stateLength = b.getInt(NodeSnapshotDescriptor.STATE_LENGTH_OFFSET);
        long fixLength = b.getLong(NodeSnapshotDescriptor.FIX_LENGTH_OFFSET);
        if (sessionCount < 0 || engineLength < 0 || stateLength < 0 || fixLength < 0 || engineLength > bytes.length
                || fixLength > bytes.length || NodeSnapshotDescriptor.HEADER_LENGTH + engineLength + stateLength + fixLength
                + (long) sessionCount * SessionTable.ENTRY_LENGTH != bytes.length) {
            return new Checked.Malformed(NodeSnapshotDescriptor.SESSION_COUNT_OFFSET, "section lengths");
        }
        int at = NodeSnapshotDescriptor.HEADER_LENGTH;
        byte[] engine = Arrays.copyOfRange(bytes, at, at + (int) engineLength);
        if (EngineSnapshotCodec.decode(engine) instanceof EngineSnapshotCodec.Decoded.Malformed m) {
            return new Checked.Malformed(at + m.offset(), "engine section: " + m.reason());
        }
        at += (int) engineLength;
        byte[] state = Arrays.copyOfRange(bytes, at, at + stateLength);
        if (NodeState.decode(state) instanceof NodeState.Decoded.Malformed m) {
            return new Checked.Malformed(at + m.offset(), "node state: " + m.reason());
        }
        at += stateLength;
        byte[] fix = Arrays.copyOfRange(bytes, at, at + (int) fixLength);
        at += (int) fixLength;
        if (sessions != null) {
            for (int i = 0; i < sessionCount; i++, at += SessionTable.ENTRY_LENGTH) {
                sessions.restore(b.getLong(at), b.getLong(at + 8), b.getLong(at + 16), b.getLong(at + 24));
            }
        }
        return new Checked.Ok(engine, state, fix, sessionCount);
    }
}
