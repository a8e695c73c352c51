package qsl.bench.downcall;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.TimeUnit;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Platform;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import qsl.affinity.CpuProbe;
import qsl.offheap.ffi.CallState;
import qsl.offheap.ffi.NativeCall;

/**
 * The cost of one downcall. {@code sched_getcpu} is the subject: a few-nanosecond C function (a
 * vDSO / rseq read, no syscall), so the figure is almost all call overhead. Through FFM with errno
 * capture (as every qsl downcall is made), the same linked {@code critical(false)}, the affinity
 * module's {@link CpuProbe} (critical, the way the study samples), and through jnr-ffi, the binding
 * layer jnr-posix is built on: jnr-posix 3.1.20 itself has no {@code sched_getcpu}. {@code getpid}
 * (a real syscall) is the call FFM and jnr-posix both have. {@code Thread.threadId()} is the floor.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DowncallBenchmark {
    static final NativeCall SCHED_GETCPU = NativeCall.lookup("sched_getcpu", FunctionDescriptor.of(JAVA_INT));
    static final NativeCall SCHED_GETCPU_CRITICAL = NativeCall.lookup("sched_getcpu", FunctionDescriptor.of(JAVA_INT),
            Linker.Option.critical(false));
    static final NativeCall GETPID = NativeCall.lookup("getpid", FunctionDescriptor.of(JAVA_INT));
    // Static finals: the JIT sees constant handles and inlines the downcall stubs.
    static final MethodHandle GETCPU = SCHED_GETCPU.isAvailable() ? SCHED_GETCPU.handle() : null;
    static final MethodHandle GETCPU_CRITICAL = SCHED_GETCPU_CRITICAL.isAvailable() ? SCHED_GETCPU_CRITICAL.handle() : null;
    static final MethodHandle GETPID_HANDLE = GETPID.isAvailable() ? GETPID.handle() : null;

    /** jnr-ffi's view of the C library: only the call measured. */
    public interface JnrLibc {
        int sched_getcpu();
    }

    static final class Jnr {
        static final JnrLibc LIBC = LibraryLoader.create(JnrLibc.class).load(Platform.getNativePlatform().getStandardCLibraryName());
        static final POSIX POSIX = POSIXFactory.getNativePOSIX();
    }

    MemorySegment callState;
    CpuProbe probe;

    @Setup
    public void setup() {
        callState = CallState.allocate(Arena.ofAuto()).segment();
        probe = CpuProbe.create().orElse(null);
    }

    @Benchmark
    public int ffmSchedGetcpu() throws Throwable {
        return (int) GETCPU.invokeExact(callState);
    }

    @Benchmark
    public int ffmCriticalSchedGetcpu() throws Throwable {
        return (int) GETCPU_CRITICAL.invokeExact(callState);
    }

    @Benchmark
    public int cpuProbe() {
        return probe.currentCpu();
    }

    @Benchmark
    public int jnrSchedGetcpu() {
        return Jnr.LIBC.sched_getcpu();
    }

    @Benchmark
    public int ffmGetpid() throws Throwable {
        return (int) GETPID_HANDLE.invokeExact(callState);
    }

    @Benchmark
    public int jnrPosixGetpid() {
        return Jnr.POSIX.getpid();
    }

    @Benchmark
    public long threadId() {
        return Thread.currentThread().threadId();
    }
}
