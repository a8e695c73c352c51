/**
 * Thread pinning, NUMA memory policy and machine topology through FFM downcalls (JDK only).
 *
 * <p>Every native call goes through {@link qsl.offheap.ffi.NativeCall} with errno captured; a
 * failure comes back as an {@link qsl.affinity.Outcome.Failed} naming the call and errno, and a
 * platform without the call (macOS, an unknown architecture, a symbol the C library lacks) as an
 * {@link qsl.affinity.Outcome.Unsupported} with the reason. Nothing here throws for an expected
 * failure. Entry points: {@link qsl.affinity.ThreadAffinity} (pin, read back, current CPU, thread
 * id), {@link qsl.affinity.CpuProbe} (allocation-free {@code sched_getcpu}),
 * {@link qsl.affinity.MemoryPolicy} ({@code mbind} / {@code set_mempolicy} /
 * {@code get_mempolicy} on segments), {@link qsl.affinity.MemoryLock} ({@code mlockall}),
 * {@link qsl.affinity.Topology} (CPUs, cores, caches, nodes from {@code /sys}),
 * {@link qsl.affinity.ThreadLayout} and {@link qsl.affinity.PinningThreadFactory}.
 */
package qsl.affinity;
