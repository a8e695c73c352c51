package qsl.offheap.ffi;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.Optional;

/**
 * One C function reached through an FFM downcall, with {@code errno} captured into a
 * {@link CallState} so a failure can be named. {@code wal} and {@code affinity} declare every
 * native call they make this way.
 *
 * <p>A symbol the platform lacks does not throw: the call is built as unavailable and says
 * why, so callers answer "unsupported" as a value. The handle's first parameter is the
 * capture segment ({@link CallState#segment()}), followed by the C arguments:
 * <pre>{@code
 *   static final NativeCall FDATASYNC = NativeCall.lookup("fdatasync", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
 *   int rc = (int) FDATASYNC.handle().invokeExact(state.segment(), fd);
 *   if (rc == -1) return NativeError.of(FDATASYNC, state.errno());
 * }</pre>
 */
public final class NativeCall {
    private static final Linker LINKER = Linker.nativeLinker();

    private final String name;
    private final MethodHandle handle;
    private final String unavailableReason;

    private NativeCall(String name, MethodHandle handle, String unavailableReason) {
        this.name = name;
        this.handle = handle;
        this.unavailableReason = unavailableReason;
    }

    /** Finds {@code symbol} among the C library's symbols and links it with errno capture. */
    public static NativeCall lookup(String symbol, FunctionDescriptor descriptor, Linker.Option... extra) {
        Optional<MemorySegment> address = LINKER.defaultLookup().find(symbol);
        if (address.isEmpty()) {
            return new NativeCall(symbol, null, symbol + " is not in this platform's C library ("
                    + System.getProperty("os.name") + ")");
        }
        Linker.Option[] options = Arrays.copyOf(extra, extra.length + 1);
        options[extra.length] = CallState.CAPTURE;
        try {
            return new NativeCall(symbol, LINKER.downcallHandle(address.get(), descriptor, options), null);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return new NativeCall(symbol, null, symbol + " could not be linked: " + e.getMessage());
        }
    }

    public String name() {
        return name;
    }

    public boolean isAvailable() {
        return handle != null;
    }

    /** Why the call is unavailable; {@code null} when it is available. */
    public String unavailableReason() {
        return unavailableReason;
    }

    /**
     * The downcall handle: {@code (MemorySegment captureState, <C arguments>) -> <C result>}.
     *
     * @throws UnsupportedOperationException if the symbol was not found; check {@link #isAvailable()}
     */
    public MethodHandle handle() {
        if (handle == null) throw new UnsupportedOperationException(unavailableReason);
        return handle;
    }
}
