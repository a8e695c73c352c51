package qsl.journal;

import static qsl.journal.JournalSnapshotDescriptor.*;

import java.lang.foreign.MemorySegment;
import qsl.book.snapshot.EngineSnapshotDescriptor;

/**
 * Encodes and decodes the payload of a journal snapshot ({@link JournalSnapshotDescriptor}): the
 * engine section and the extension section. Decoding is total: malformed bytes give a
 * {@link Decoded.Malformed}, never an exception. The engine section itself is checked by
 * {@code EngineSnapshotCodec}.
 */
public final class JournalSnapshot {
    private static final byte[] NONE = new byte[0];

    private JournalSnapshot() {}

    /** The outcome of {@link #decode}. */
    public sealed interface Decoded permits Decoded.Ok, Decoded.Malformed {
        /** The two sections (copies). */
        record Ok(byte[] engine, byte[] extension) implements Decoded {}

        record Malformed(long offset, String reason) implements Decoded {}
    }

    /** The payload holding {@code engine} and {@code extension} ({@code null}: none). */
    public static byte[] encode(byte[] engine, byte[] extension) {
        byte[] ext = extension == null ? NONE : extension;
        byte[] out = new byte[HEADER_LENGTH + engine.length + ext.length];
        MemorySegment s = MemorySegment.ofArray(out);
        s.set(I64, MAGIC_OFFSET, MAGIC);
        s.set(I32, VERSION_OFFSET, VERSION);
        s.set(I32, RESERVED_OFFSET, 0);
        s.set(I64, ENGINE_LENGTH_OFFSET, engine.length);
        s.set(I64, EXTENSION_LENGTH_OFFSET, ext.length);
        System.arraycopy(engine, 0, out, HEADER_LENGTH, engine.length);
        System.arraycopy(ext, 0, out, HEADER_LENGTH + engine.length, ext.length);
        return out;
    }

    /** Splits a payload into its sections; never throws. */
    public static Decoded decode(byte[] payload) {
        if (payload == null) return new Decoded.Malformed(0, "no payload");
        if (payload.length >= 8) {
            long magic = MemorySegment.ofArray(payload).get(I64, 0);
            if (magic == EngineSnapshotDescriptor.MAGIC) return new Decoded.Ok(payload.clone(), NONE);
        }
        if (payload.length < HEADER_LENGTH) return new Decoded.Malformed(0, "shorter than the header (" + payload.length + " bytes)");
        MemorySegment s = MemorySegment.ofArray(payload);
        if (s.get(I64, MAGIC_OFFSET) != MAGIC) return new Decoded.Malformed(MAGIC_OFFSET, "bad magic");
        if (s.get(I32, VERSION_OFFSET) != VERSION) return new Decoded.Malformed(VERSION_OFFSET, "unknown version " + s.get(I32, VERSION_OFFSET));
        if (s.get(I32, RESERVED_OFFSET) != 0) return new Decoded.Malformed(RESERVED_OFFSET, "reserved bytes not zero");
        long engine = s.get(I64, ENGINE_LENGTH_OFFSET);
        long ext = s.get(I64, EXTENSION_LENGTH_OFFSET);
        long room = payload.length - HEADER_LENGTH;
        if (engine < 0 || engine > room) return new Decoded.Malformed(ENGINE_LENGTH_OFFSET, "engine section length " + engine + " out of range");
        if (ext < 0 || ext != room - engine) {
            return new Decoded.Malformed(EXTENSION_LENGTH_OFFSET, "extension length " + ext + " != " + (room - engine) + " bytes left");
        }
        byte[] e = new byte[(int) engine];
        byte[] x = ext == 0 ? NONE : new byte[(int) ext];
        System.arraycopy(payload, HEADER_LENGTH, e, 0, e.length);
        System.arraycopy(payload, HEADER_LENGTH + e.length, x, 0, x.length);
        return new Decoded.Ok(e, x);
    }
}
