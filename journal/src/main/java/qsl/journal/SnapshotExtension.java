package qsl.journal;

/**
 * Supplies the extension section of a snapshot: bytes the embedding node wants back on recovery
 * (its session state, for example), taken at the same log sequence as the engine's state.
 */
@FunctionalInterface
public interface SnapshotExtension {
    /** The bytes to store with the snapshot covering log sequence {@code sequence}; empty or null for none. */
    byte[] extension(long sequence);

    /** No extension. */
    SnapshotExtension NONE = sequence -> null;
}
