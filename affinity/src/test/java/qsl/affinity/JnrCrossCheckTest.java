package qsl.affinity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import qsl.offheap.ffi.Errno;

/**
 * jnr-posix as an independent second opinion wherever it overlaps with this module: the process
 * id, the thread id (jnr-posix has no gettid, but its libc binding has {@code syscall}) and the
 * errno an invalid CPU mask leaves.
 */
class JnrCrossCheckTest {
    private static POSIX posix;

    @BeforeAll
    static void load() {
        posix = POSIXFactory.getNativePOSIX();
    }

    private static void assumeNative() {
        assumeTrue(posix.isNative(), "jnr-posix has no native binding on this platform");
    }

    /** (gettid, sched_setaffinity) on this architecture, or null. */
    private static int[] syscalls() {
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> new int[] {186, 203};
            case "aarch64" -> new int[] {178, 122};
            default -> null;
        };
    }

    @Test
    void processIdAgrees() {
        assumeNative();
        assertEquals(posix.getpid(), ThreadAffinity.processId().orElseThrow());
    }

    @Test
    void threadIdAgrees() throws Exception {
        assumeNative();
        int[] nr = syscalls();
        assumeTrue(LinuxCalls.LINUX && nr != null, () -> "no known SYS_gettid for " + LinuxCalls.PLATFORM);
        assertEquals(posix.libc().syscall(nr[0]), ThreadAffinity.threadId().orElseThrow());
        OnFreshThread.run(() -> assertEquals(posix.libc().syscall(nr[0]), ThreadAffinity.threadId().orElseThrow()));
    }

    @Test
    void anEmptyMaskLeavesTheSameErrnoThroughBoth() throws Exception {
        assumeNative();
        int[] nr = syscalls();
        assumeTrue(LinuxCalls.LINUX && nr != null, () -> "no known SYS_sched_setaffinity for " + LinuxCalls.PLATFORM);
        OnFreshThread.run(() -> {
            // sched_setaffinity(0, 0, NULL): no CPU in the mask.
            int rc = posix.libc().syscall(nr[1], 0, 0, 0);
            assertEquals(-1, rc);
            int jnrErrno = posix.errno();
            Outcome.Failed<?> ours = assertInstanceOf(Outcome.Failed.class, ThreadAffinity.pinCurrentThread(CpuSet.empty()));
            assertEquals(jnrErrno, ours.error().errno());
            assertEquals(Errno.EINVAL, jnrErrno);
        });
    }
}
