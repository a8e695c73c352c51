package qsl.affinity;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import qsl.offheap.ffi.CallState;
import qsl.offheap.ffi.NativeCall;

/**
 * NUMA memory policy through the raw syscalls ({@code mbind}, {@code set_mempolicy},
 * {@code get_mempolicy} via the variadic {@code syscall}), so no libnuma is needed.
 *
 * <p>A policy applies to pages not yet faulted in (and, with {@link #MOVE}, migrates the ones
 * already there). {@code mbind} wants a page-aligned start: allocate with
 * {@code arena.allocate(size, MemoryPolicy.pageSize())}; an unaligned segment answers
 * {@code EINVAL}. Binding to a node the machine lacks also answers {@code EINVAL}.
 */
public final class MemoryPolicy {
    /** {@code MPOL_MF_STRICT}: fail if pages already present violate the policy. */
    public static final int STRICT = 1;
    /** {@code MPOL_MF_MOVE}: migrate pages already present that violate the policy. */
    public static final int MOVE = 2;

    /** Bits in the node masks passed to the kernel (its {@code MAX_NUMNODES} is at most 1024). */
    private static final int MASK_BITS = 1024;
    private static final long MASK_BYTES = MASK_BITS / 8;
    private static final int MPOL_F_NODE = 1;
    private static final int MPOL_F_ADDR = 2;
    /** The optional mode flags the kernel ORs into a policy (static, relative, balancing). */
    private static final int MODE_FLAGS = (1 << 15) | (1 << 14) | (1 << 13);

    private MemoryPolicy() {}

    /** The kernel's policy modes ({@code MPOL_*}). */
    public enum Mode {
        DEFAULT(0), PREFERRED(1), BIND(2), INTERLEAVE(3), LOCAL(4), PREFERRED_MANY(5), WEIGHTED_INTERLEAVE(6), UNKNOWN(-1);

        final int value;

        Mode(int value) {
            this.value = value;
        }

        static Mode of(int value) {
            for (Mode m : values()) if (m.value == value) return m;
            return UNKNOWN;
        }
    }

    /** A policy as {@code get_mempolicy} reports it. */
    public record Policy(Mode mode, NodeSet nodes) {}

    /** The system page size ({@code getpagesize}), 4096 where the call is missing. */
    public static long pageSize() {
        NativeCall call = LinuxCalls.GETPAGESIZE;
        if (!call.isAvailable()) return 4096;
        try (Arena arena = Arena.ofConfined()) {
            return (int) call.handle().invokeExact(CallState.allocate(arena).segment());
        } catch (Throwable t) {
            throw new AssertionError("getpagesize downcall", t);
        }
    }

    /** Why a policy syscall cannot be made here (unsupported, or an unknown mode), or null when it can. */
    private static <T> Outcome<T> refusal(NativeCall call, Mode mode, String name) {
        if (LinuxCalls.SYSCALLS == null) return Outcome.unsupported(LinuxCalls.noSyscallsReason());
        if (!call.isAvailable()) return Outcome.unsupported(LinuxCalls.unavailable(call));
        if (mode == Mode.UNKNOWN) return Outcome.failed(name, qsl.offheap.ffi.Errno.EINVAL);
        return null;
    }

    /** Bytes of the node mask the kernel is handed for {@code nodes}. */
    private static long maskBytes(NodeSet nodes) {
        return Math.max(MASK_BYTES, nodes.maskBytes());
    }

    /** {@code nodes} as a native mask of {@code bytes}, or NULL for the empty set. */
    private static MemorySegment mask(Arena arena, NodeSet nodes, long bytes) {
        if (nodes.isEmpty()) return MemorySegment.NULL;
        MemorySegment mask = arena.allocate(bytes, Long.BYTES);
        nodes.writeMask(mask);
        return mask;
    }

    /** Binds a segment's pages to {@code nodes} ({@code MPOL_BIND}, strict, moving pages already present). */
    public static Outcome<MemorySegment> bind(MemorySegment segment, NodeSet nodes) {
        return apply(segment, Mode.BIND, nodes, STRICT | MOVE);
    }

    /** {@code mbind(segment, mode, nodes, flags)}. */
    public static Outcome<MemorySegment> apply(MemorySegment segment, Mode mode, NodeSet nodes, int flags) {
        NativeCall call = LinuxCalls.SYSCALL_MBIND;
        Outcome<MemorySegment> refused = refusal(call, mode, "mbind");
        if (refused != null) return refused;
        try (Arena arena = Arena.ofConfined()) {
            CallState state = CallState.allocate(arena);
            long bytes = maskBytes(nodes);
            MemorySegment maskOrNull = mask(arena, nodes, bytes);
            // maxnode is one more than the bits the kernel reads: it decrements it first.
            long rc = (long) call.handle().invokeExact(state.segment(), LinuxCalls.SYSCALLS.mbind(), segment, segment.byteSize(),
                    (long) mode.value, maskOrNull, bytes * 8 + 1, (long) flags);
            return rc == 0 ? Outcome.ok(segment) : Outcome.failed("mbind", state.errno());
        } catch (Throwable t) {
            throw new AssertionError("mbind downcall", t);
        }
    }

    /** The node holding the page at {@code offset} in the segment (the page is faulted in if it was not). */
    public static Outcome<Integer> nodeOfPage(MemorySegment segment, long offset) {
        MemorySegment address = segment.asSlice(offset, 1);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mode = arena.allocate(ValueLayout.JAVA_INT);
            Outcome<Integer> rc = getMempolicy(arena, mode, MemorySegment.NULL, 0, address, MPOL_F_NODE | MPOL_F_ADDR);
            return rc.isOk() ? Outcome.ok(mode.get(ValueLayout.JAVA_INT, 0)) : rc;
        }
    }

    /** The policy governing the page at the segment's start. */
    public static Outcome<Policy> policyOf(MemorySegment segment) {
        return policy(segment, MPOL_F_ADDR);
    }

    /** The calling thread's default policy ({@code set_mempolicy}). */
    public static Outcome<Policy> threadPolicy() {
        return policy(MemorySegment.NULL, 0);
    }

    /** Sets the calling thread's default policy for memory it faults in from now on. */
    public static Outcome<Policy> setThreadPolicy(Mode mode, NodeSet nodes) {
        NativeCall call = LinuxCalls.SYSCALL_SET_MEMPOLICY;
        Outcome<Policy> refused = refusal(call, mode, "set_mempolicy");
        if (refused != null) return refused;
        try (Arena arena = Arena.ofConfined()) {
            CallState state = CallState.allocate(arena);
            long bytes = maskBytes(nodes);
            MemorySegment maskOrNull = mask(arena, nodes, bytes);
            long rc = (long) call.handle().invokeExact(state.segment(), LinuxCalls.SYSCALLS.setMempolicy(), (long) mode.value,
                    maskOrNull, bytes * 8 + 1);
            if (rc != 0) return Outcome.failed("set_mempolicy", state.errno());
        } catch (Throwable t) {
            throw new AssertionError("set_mempolicy downcall", t);
        }
        return threadPolicy();
    }

    private static Outcome<Policy> policy(MemorySegment address, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mode = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment mask = arena.allocate(MASK_BYTES, Long.BYTES);
            Outcome<Integer> rc = getMempolicy(arena, mode, mask, MASK_BITS + 1, address, flags);
            if (!rc.isOk()) return rc.retype();
            return Outcome.ok(new Policy(Mode.of(mode.get(ValueLayout.JAVA_INT, 0) & ~MODE_FLAGS), NodeSet.fromMask(mask)));
        }
    }

    private static Outcome<Integer> getMempolicy(Arena arena, MemorySegment mode, MemorySegment mask, long maxnode,
                                                 MemorySegment address, int flags) {
        NativeCall call = LinuxCalls.SYSCALL_GET_MEMPOLICY;
        if (LinuxCalls.SYSCALLS == null) return Outcome.unsupported(LinuxCalls.noSyscallsReason());
        if (!call.isAvailable()) return Outcome.unsupported(LinuxCalls.unavailable(call));
        try {
            CallState state = CallState.allocate(arena);
            long rc = (long) call.handle().invokeExact(state.segment(), LinuxCalls.SYSCALLS.getMempolicy(), mode, mask, maxnode,
                    address, (long) flags);
            return rc == 0 ? Outcome.ok(0) : Outcome.failed("get_mempolicy", state.errno());
        } catch (Throwable t) {
            throw new AssertionError("get_mempolicy downcall", t);
        }
    }
}
