package qsl.offheap.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * The buffer a downcall writes {@code errno} into. Allocate one per calling thread, once, from an
 * arena that thread owns; then every call and every {@link #errno()} read allocates nothing.
 */
public final class CallState {
    static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");
    private static final StructLayout LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private final MemorySegment segment;

    private CallState(MemorySegment segment) {
        this.segment = segment;
    }

    /** A capture buffer living as long as {@code arena}. */
    public static CallState allocate(Arena arena) {
        return new CallState(arena.allocate(LAYOUT));
    }

    /** Pass as the first argument of a {@link NativeCall#handle()}. */
    public MemorySegment segment() {
        return segment;
    }

    /** errno as the last call through this state left it. */
    public int errno() {
        return (int) ERRNO.get(segment, 0L);
    }

}
