package qsl.offheap.ffi;

/**
 * A native call that failed, with the errno it left. A value, not an exception: callers return
 * it (or wrap it in their own typed result) so an expected failure is not control flow by throw.
 */
public record NativeError(String call, int errno) {

    public static NativeError of(NativeCall call, int errno) {
        return new NativeError(call.name(), errno);
    }

    /** The symbolic name of {@link #errno()} on Linux, e.g. {@code EINVAL}. */
    public String errnoName() {
        return Errno.name(errno);
    }

    public String message() {
        return call + " failed: " + Errno.name(errno) + " (errno " + errno + ")";
    }

    @Override
    public String toString() {
        return message();
    }
}
