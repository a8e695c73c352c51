package qsl.affinity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import qsl.offheap.ffi.Errno;

/** mlockall / munlockall / mlock, including the errno paths. */
class MemoryLockTest {

    @Test
    void lockAllOnFaultThenUnlock() {
        // ON_FAULT: lock pages as they are touched, so the test does not fault in the whole JVM.
        Outcome<Integer> r = MemoryLock.lockAll(MemoryLock.CURRENT | MemoryLock.ON_FAULT);
        assumeTrue(!(r instanceof Outcome.Unsupported), () -> "mlockall unavailable: " + r.describe());
        if (r instanceof Outcome.Failed<Integer> f) {
            // Without CAP_IPC_LOCK and over RLIMIT_MEMLOCK the kernel refuses: a value, never a throw.
            assertTrue(f.error().errno() == Errno.ENOMEM || f.error().errno() == Errno.EPERM, f.describe());
            assumeTrue(false, () -> "mlockall refused on this host: " + f.describe());
        }
        assertEquals(MemoryLock.CURRENT | MemoryLock.ON_FAULT, r.orElseThrow());
        assertTrue(MemoryLock.unlockAll().isOk());
    }

    @Test
    void noFlagsIsEinval() {
        Outcome<Integer> r = MemoryLock.lockAll(0);
        assumeTrue(!(r instanceof Outcome.Unsupported), () -> "mlockall unavailable: " + r.describe());
        Outcome.Failed<?> f = assertInstanceOf(Outcome.Failed.class, r);
        assertEquals("mlockall", f.error().call());
        assertEquals(Errno.EINVAL, f.error().errno());
    }

    @Test
    void lockAndUnlockASegment() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(64 * 1024, MemoryPolicy.pageSize());
            Outcome<MemorySegment> r = MemoryLock.lock(seg);
            assumeTrue(!(r instanceof Outcome.Unsupported), () -> "mlock unavailable: " + r.describe());
            assumeTrue(r.isOk(), () -> "mlock refused on this host: " + r.describe());
            assertTrue(MemoryLock.unlock(seg).isOk());
        }
    }
}
