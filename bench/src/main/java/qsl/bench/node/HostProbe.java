package qsl.bench.node;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import qsl.affinity.CpuSet;
import qsl.affinity.Outcome;
import qsl.affinity.ThreadAffinity;
import qsl.offheap.ffi.CallState;
import qsl.offheap.ffi.NativeCall;

/**
 * The floor this host (a VM) puts under any latency, measured with nothing of the node in it:
 * how long a parked thread takes to run after another unparks it ({@link #wake}), how much longer
 * than asked a short timed sleep lasts ({@link #timedPark}), how much of a spinning thread's time
 * the hypervisor and kernel take away ({@link #spin}), how much more while a disk flush is in flight
 * ({@link #spinDuringSyncs}), and what one null system call costs ({@link #syscall}).
 */
final class HostProbe {
    private HostProbe() {}

    /** Unrecorded rounds before the recorded ones (wake and timed park), so the JIT has compiled the loops. */
    static final int WARMUP_ROUNDS = 50;
    /** A gap at least this long (ns) in a spinning thread's clock readings counts as time taken from it. */
    static final long SPIN_GAP_NANOS = 10_000;
    static final long SPIN_LONG_GAP_NANOS = 1_000_000;

    /**
     * Wake-up hand-off: a waker thread, after an idle gap of {@code gapNanos} (a timed park), stamps
     * {@link System#nanoTime()} and {@link LockSupport#unpark unparks} a waiter that is
     * {@link LockSupport#park parked}; the waiter records now minus the stamp. {@code rounds}
     * recorded hand-offs (ns) after {@link #WARMUP_ROUNDS} unrecorded ones. The waker waits its gap
     * after each hand-off and until the waiter has taken it, so the waiter is idle (parked) at every
     * unpark.
     */
    static Histogram wake(int rounds, long gapNanos) throws InterruptedException {
        Histogram h = new Histogram(10_000_000_000L, 3);
        int total = WARMUP_ROUNDS + rounds;
        Handoff box = new Handoff();
        Thread waiter = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                long s;
                while ((s = box.stamp) == 0) LockSupport.park(box);
                long took = System.nanoTime() - s;
                if (i >= WARMUP_ROUNDS) h.recordValue(Math.max(0, took));
                box.stamp = 0;
            }
        }, "qsl-host-probe-waiter");
        waiter.start();
        Thread waker = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                do {
                    LockSupport.parkNanos(gapNanos);
                } while (box.stamp != 0);
                box.stamp = System.nanoTime();
                LockSupport.unpark(waiter);
            }
        }, "qsl-host-probe-waker");
        waker.start();
        waker.join();
        waiter.join();
        return h;
    }

    private static final class Handoff {
        volatile long stamp; // 0: nothing to take
    }

    /** Timed sleep: {@code rounds} recorded {@code parkNanos(sleepNanos)} calls, each one's time beyond {@code sleepNanos} (ns). */
    static Histogram timedPark(int rounds, long sleepNanos) {
        Histogram h = new Histogram(10_000_000_000L, 3);
        for (int i = 0; i < WARMUP_ROUNDS + rounds; i++) {
            long t0 = System.nanoTime();
            LockSupport.parkNanos(sleepNanos);
            long over = System.nanoTime() - t0 - sleepNanos;
            if (i >= WARMUP_ROUNDS) h.recordValue(Math.max(0, over));
        }
        return h;
    }

    /**
     * One CPU's spin: a thread that reads {@link System#nanoTime()} back to back for
     * {@code nanos}; every gap between two readings of at least {@link #SPIN_GAP_NANOS} is time the
     * thread did not run. {@code cpu} the CPU it was pinned to, -1 if it could not be pinned
     * ({@code pinning} says why).
     */
    record Spin(int cpu, String pinning, long spunNanos, long readings, long gapsOver10us, long gapsOver1ms, long maxGapNanos,
                long lostNanos) {
        double lostFraction() {
            return spunNanos == 0 ? 0 : (double) lostNanos / spunNanos;
        }

        /** This spin as a results-file row (a new map: callers may add to it). */
        Map<String, Object> row() {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("cpu", cpu);
            row.put("pinning", pinning);
            row.put("spun_s", spunNanos / 1e9);
            row.put("gaps_over_10us", gapsOver10us);
            row.put("gaps_over_1ms", gapsOver1ms);
            row.put("max_gap_us", maxGapNanos / 1e3);
            row.put("lost_fraction", lostFraction());
            return row;
        }
    }

    /** Several CPUs' spins added up: the figures a results file gives for all of them together. */
    static final class SpinTotals {
        private long spun, over10, over1ms, max, lost;

        void add(Spin s) {
            spun += s.spunNanos();
            over10 += s.gapsOver10us();
            over1ms += s.gapsOver1ms();
            max = Math.max(max, s.maxGapNanos());
            lost += s.lostNanos();
        }

        double maxGapMicros() {
            return max / 1e3;
        }

        double gapsOver10usPerSecond() {
            return spun == 0 ? 0 : over10 / (spun / 1e9);
        }

        double gapsOver1msPerSecond() {
            return spun == 0 ? 0 : over1ms / (spun / 1e9);
        }

        double lostFraction() {
            return spun == 0 ? 0 : (double) lost / spun;
        }
    }

    /**
     * Spins {@code nanosPerCpu} on each CPU this thread may run on, one at a time, on a new thread
     * pinned to that CPU ({@link ThreadAffinity#pinCurrentThread(int)}); if the CPUs cannot be read,
     * one unpinned spin. One {@link Spin} per CPU, in CPU order.
     */
    static List<Spin> spin(long nanosPerCpu) throws InterruptedException {
        ProbeCpus cpus = ProbeCpus.ofThisThread();
        int[] ids = cpus.ids();
        String unreadable = cpus.unreadable();
        List<Spin> out = new ArrayList<>();
        for (int cpu : ids) {
            Spin[] r = new Spin[1];
            Thread t = new Thread(() -> r[0] = spinHere(cpu, unreadable, nanosPerCpu), "qsl-host-probe-spin");
            t.start();
            t.join();
            out.add(r[0]);
        }
        return out;
    }

    /** The CPUs to spin on (this thread's), or {-1} with why they could not be read. */
    private record ProbeCpus(int[] ids, String unreadable) {
        static ProbeCpus ofThisThread() {
            Outcome<CpuSet> cpus = ThreadAffinity.currentAffinity();
            return cpus instanceof Outcome.Ok<CpuSet> ok ? new ProbeCpus(ok.value().toArray(), null)
                    : new ProbeCpus(new int[] {-1}, "unpinned: CPUs not readable: " + cpus.describe());
        }
    }

    /** A spin while another thread made {@code fdatasync} calls back to back, and how many it made. */
    record SpinDuringSyncs(Spin spin, int syncCpu, long syncCalls, Histogram syncs) {}

    /**
     * As {@link #spin}, but while each CPU spins, a second thread, pinned to another CPU where
     * there is one, writes 64 bytes and calls {@code fdatasync} ({@link FileChannel#force
     * force(false)}) back to back in a file in {@code dir}: the spinner's gaps then include whatever
     * a disk flush in flight does to a CPU that is not making it (on a VM, a flush the hypervisor
     * serves synchronously can stop every virtual CPU). One result per CPU, in CPU order.
     */
    static List<SpinDuringSyncs> spinDuringSyncs(Path dir, long nanosPerCpu) throws Exception {
        ProbeCpus cpus = ProbeCpus.ofThisThread();
        int[] ids = cpus.ids();
        String unreadable = cpus.unreadable();
        Path file = dir.resolve("host-probe-fdatasync.bin");
        List<SpinDuringSyncs> out = new ArrayList<>();
        try {
            for (int cpu : ids) {
                int other = -1;
                for (int id : ids) if (id != cpu) other = id;
                Spin[] r = new Spin[1];
                Histogram syncs = new Histogram(10_000_000_000L, 3);
                AtomicBoolean spinning = new AtomicBoolean(true);
                Exception[] failed = new Exception[1];
                int syncCpu = other;
                Thread syncer = new Thread(() -> {
                    if (syncCpu >= 0) ThreadAffinity.pinCurrentThread(syncCpu);
                    ByteBuffer b = ByteBuffer.allocateDirect(64);
                    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                        for (long i = 0; spinning.get(); i++) { // acquire: sees the spinner's end
                            b.clear();
                            long t0 = System.nanoTime();
                            ch.write(b, i * 64);
                            ch.force(false);
                            syncs.recordValue(System.nanoTime() - t0);
                        }
                    } catch (IOException e) {
                        failed[0] = e;
                    }
                }, "qsl-host-probe-sync");
                Thread spinner = new Thread(() -> r[0] = spinHere(cpu, unreadable, nanosPerCpu), "qsl-host-probe-spin");
                syncer.start();
                spinner.start();
                spinner.join();
                spinning.set(false); // release: the syncer stops after its call in flight
                syncer.join();
                if (failed[0] != null) throw failed[0];
                out.add(new SpinDuringSyncs(r[0], syncCpu, syncs.getTotalCount(), syncs));
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return out;
    }

    private static Spin spinHere(int cpu, String unreadable, long nanos) {
        String pinning = unreadable;
        int on = -1;
        if (cpu >= 0) {
            Outcome<CpuSet> pinned = ThreadAffinity.pinCurrentThread(cpu);
            if (pinned.isOk()) {
                pinning = "pinned";
                on = cpu;
            } else {
                pinning = "unpinned: " + pinned.describe();
            }
        }
        long readings = 0, over10 = 0, over1ms = 0, max = 0, lost = 0;
        long start = System.nanoTime(), last = start, end = start + nanos;
        while (last < end) {
            long now = System.nanoTime();
            long gap = now - last;
            if (gap >= SPIN_GAP_NANOS) {
                over10++;
                lost += gap;
                if (gap >= SPIN_LONG_GAP_NANOS) over1ms++;
            }
            if (gap > max) max = gap;
            last = now;
            readings++;
        }
        return new Spin(on, pinning, last - start, readings, over10, over1ms, max, lost);
    }

    private static final NativeCall GETPPID = NativeCall.lookup("getppid", FunctionDescriptor.of(JAVA_INT));
    // A static final handle: the JIT sees a constant and inlines the downcall stub (as DowncallBenchmark does).
    private static final MethodHandle GETPPID_HANDLE = GETPPID.isAvailable() ? GETPPID.handle() : null;

    /** A null system call's cost: {@code calls} timed {@code getppid} downcalls; calls made and their total time. */
    record Syscall(long calls, long nanos) {
        double nanosPerCall() {
            return calls == 0 ? 0 : (double) nanos / calls;
        }
    }

    /**
     * {@code getppid} through an FFM downcall with errno capture (as every qsl downcall is made),
     * {@code warmup} unrecorded calls then {@code calls} timed together; null when the platform
     * lacks {@code getppid} ({@link #syscallUnavailableReason()}).
     */
    static Syscall syscall(int warmup, int calls) {
        if (GETPPID_HANDLE == null) return null;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = CallState.allocate(a).segment();
            long sink = 0;
            for (int i = 0; i < warmup; i++) sink += (int) GETPPID_HANDLE.invokeExact(state);
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) sink += (int) GETPPID_HANDLE.invokeExact(state);
            long took = System.nanoTime() - t0;
            if (sink == 42) System.out.print(""); // keeps the calls' results alive
            return new Syscall(calls, took);
        } catch (Throwable t) {
            throw new AssertionError("getppid downcall", t);
        }
    }

    static String syscallUnavailableReason() {
        return GETPPID.unavailableReason();
    }
}
