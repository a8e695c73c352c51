package qsl.affinity;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import qsl.offheap.ffi.NativeCall;

/**
 * Every native call this module makes, declared once. Each is a {@link NativeCall} (errno captured,
 * a missing symbol is "unavailable", not an exception). The raw NUMA syscalls go through the
 * variadic {@code long syscall(long number, ...)} so no libnuma is needed; their numbers differ per
 * architecture and are known here for Linux x86_64 and aarch64 only.
 */
final class LinuxCalls {
    private LinuxCalls() {}

    static final boolean LINUX = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("linux");
    static final String ARCH = System.getProperty("os.arch", "");
    static final String PLATFORM = System.getProperty("os.name") + " " + ARCH;

    // int sched_setaffinity(pid_t pid, size_t cpusetsize, const cpu_set_t *mask)
    static final NativeCall SCHED_SETAFFINITY = linuxOnly("sched_setaffinity", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
    // int sched_getaffinity(pid_t pid, size_t cpusetsize, cpu_set_t *mask)
    static final NativeCall SCHED_GETAFFINITY = linuxOnly("sched_getaffinity", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
    // int sched_getcpu(void): a vDSO / rseq read, no syscall on current kernels.
    static final NativeCall SCHED_GETCPU = linuxOnly("sched_getcpu", FunctionDescriptor.of(JAVA_INT));
    /*
     * The same call linked critical: sched_getcpu never blocks, never calls back into Java and runs
     * for nanoseconds, so the thread-state transition around it is pure overhead.
     */
    static final NativeCall SCHED_GETCPU_CRITICAL = linuxOnly("sched_getcpu", FunctionDescriptor.of(JAVA_INT), Linker.Option.critical(false));
    /** Held in a static final so the JIT sees a constant handle and inlines the downcall. */
    static final MethodHandle SCHED_GETCPU_CRITICAL_HANDLE = SCHED_GETCPU_CRITICAL.isAvailable() ? SCHED_GETCPU_CRITICAL.handle() : null;
    // pid_t gettid(void): glibc 2.30+; older C libraries fall back to syscall(SYS_gettid).
    static final NativeCall GETTID = linuxOnly("gettid", FunctionDescriptor.of(JAVA_INT));
    // pid_t getpid(void)
    static final NativeCall GETPID = NativeCall.lookup("getpid", FunctionDescriptor.of(JAVA_INT));
    // int mlockall(int flags); int munlockall(void); int mlock(const void *addr, size_t len); int munlock(...)
    static final NativeCall MLOCKALL = NativeCall.lookup("mlockall", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    static final NativeCall MUNLOCKALL = NativeCall.lookup("munlockall", FunctionDescriptor.of(JAVA_INT));
    static final NativeCall MLOCK = NativeCall.lookup("mlock", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    static final NativeCall MUNLOCK = NativeCall.lookup("munlock", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    // int getpagesize(void)
    static final NativeCall GETPAGESIZE = NativeCall.lookup("getpagesize", FunctionDescriptor.of(JAVA_INT));

    // long syscall(SYS_gettid)
    static final NativeCall SYSCALL_0 = linuxOnly("syscall", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG), Linker.Option.firstVariadicArg(1));
    // long syscall(SYS_mbind, void *addr, unsigned long len, int mode, const unsigned long *nodemask, unsigned long maxnode, unsigned flags)
    static final NativeCall SYSCALL_MBIND = linuxOnly("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_LONG), Linker.Option.firstVariadicArg(1));
    // long syscall(SYS_set_mempolicy, int mode, const unsigned long *nodemask, unsigned long maxnode)
    static final NativeCall SYSCALL_SET_MEMPOLICY = linuxOnly("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG), Linker.Option.firstVariadicArg(1));
    // long syscall(SYS_get_mempolicy, int *mode, unsigned long *nodemask, unsigned long maxnode, void *addr, unsigned long flags)
    static final NativeCall SYSCALL_GET_MEMPOLICY = linuxOnly("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG), Linker.Option.firstVariadicArg(1));

    /** Syscall numbers for this architecture, or {@code null} where they are not known. */
    static final SyscallNumbers SYSCALLS = SyscallNumbers.forPlatform(LINUX, ARCH);

    /** Bytes of a CPU mask for this machine: {@code CPU_ALLOC_SIZE(possible CPUs)}, at least 8. */
    static final long CPU_MASK_BYTES = cpuMaskBytes(Path.of("/sys/devices/system/cpu/possible"));

    /** The syscall numbers the NUMA and thread-id calls need on one architecture. */
    record SyscallNumbers(long gettid, long mbind, long setMempolicy, long getMempolicy) {
        static SyscallNumbers forPlatform(boolean linux, String arch) {
            if (!linux) return null;
            return switch (arch) {
                case "amd64", "x86_64" -> new SyscallNumbers(186, 237, 238, 239);
                case "aarch64", "arm64" -> new SyscallNumbers(178, 235, 237, 236);
                default -> null;
            };
        }
    }

    static String noSyscallsReason() {
        return LINUX ? "syscall numbers for mbind/set_mempolicy/get_mempolicy are known for x86_64 and aarch64 only; this is " + PLATFORM
                : "NUMA memory policy is a Linux interface; this is " + PLATFORM;
    }

    static long cpuMaskBytes(Path possible) {
        try {
            CpuSet cpus = CpuSet.parse(Files.readString(possible));
            if (!cpus.isEmpty()) return cpus.maskBytes();
        } catch (IOException | IllegalArgumentException e) {
            // no readable /sys: fall back to a mask for 1024 CPUs, which every kernel accepts
        }
        return 128;
    }

    private static NativeCall linuxOnly(String symbol, FunctionDescriptor descriptor, Linker.Option... options) {
        // On other systems a same-named symbol (syscall on macOS) would mean something else: do not link it.
        return LINUX ? NativeCall.lookup(symbol, descriptor, options) : NativeCall.lookup("qsl_linux_only_" + symbol, descriptor);
    }

    static String unavailable(NativeCall call) {
        return LINUX ? call.unavailableReason() : call.name().substring("qsl_linux_only_".length()) + " is a Linux call; this is " + PLATFORM;
    }
}
