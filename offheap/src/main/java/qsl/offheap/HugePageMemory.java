package qsl.offheap;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import qsl.offheap.ffi.CallState;
import qsl.offheap.ffi.NativeCall;

/**
 * Large off-heap regions on transparent huge pages where the OS offers them: the engine's big
 * tables (order slots, level records, id and price maps once they pass {@link #THRESHOLD}) are
 * read at random, one cache line per access, so with 4 KiB pages nearly every access to a table
 * of tens of megabytes also misses the TLB (and on a virtual machine a TLB miss walks two page
 * tables). With 2 MiB pages the same TLB covers 512 times as much.
 *
 * <p>How: on Linux, a region of at least {@link #THRESHOLD} bytes is an anonymous private
 * {@code mmap} of its size rounded up to whole huge pages (plus one page of slack to align it),
 * advised {@code MADV_HUGEPAGE}, zero as the kernel maps it and unmapped when the caller's arena
 * closes. The advice is a hint: with THP disabled ({@code /sys/kernel/mm/transparent_hugepage/enabled}
 * = {@code never}) the region is ordinary pages, and it works the same. Anywhere else (another OS,
 * {@code mmap} missing or failing, a smaller region) the region comes from {@code arena.allocate}
 * as before, and so with {@code -Dqsl.offheap.hugePages=false}. Either way the caller gets a zeroed segment of exactly {@code bytes}, 64-byte aligned,
 * freed with its arena; nothing here runs per command.
 *
 * <p>Memory: pages are only backed when first touched (a 2 MiB page is zeroed in one fault), so
 * an engine sized for a million orders that holds a few thousand touches a few huge pages.
 */
public final class HugePageMemory {
    /** The huge page size this class aligns to (x86-64 and AArch64 with 4 KiB base pages). */
    public static final long HUGE_PAGE = 2L << 20;
    /** Regions smaller than this come from the arena directly. */
    public static final long THRESHOLD = HUGE_PAGE;

    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20;
    private static final int MADV_HUGEPAGE = 14;
    private static final boolean LINUX = System.getProperty("os.name", "").startsWith("Linux");
    /** System property: {@code false} turns the mapping off (every region from the arena), for A/B measurements. */
    public static final String PROPERTY = "qsl.offheap.hugePages";
    private static final boolean ENABLED = !"false".equals(System.getProperty(PROPERTY));

    private static final NativeCall MMAP = NativeCall.lookup("mmap", FunctionDescriptor.of(ValueLayout.ADDRESS,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
            ValueLayout.JAVA_LONG));
    private static final NativeCall MADVISE = NativeCall.lookup("madvise", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final NativeCall MUNMAP = NativeCall.lookup("munmap", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));

    private HugePageMemory() {}

    /** True when regions of {@link #THRESHOLD} bytes or more are mapped here (and advised to use huge pages). */
    public static boolean available() {
        return ENABLED && LINUX && MMAP.isAvailable() && MADVISE.isAvailable() && MUNMAP.isAvailable();
    }

    /**
     * A zeroed segment of {@code bytes}, 64-byte aligned (huge-page aligned when mapped), freed when
     * {@code arena} closes.
     */
    public static MemorySegment allocate(Arena arena, long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("bytes < 0: " + bytes);
        if (bytes < THRESHOLD || !available()) return arena.allocate(bytes, 64);
        MemorySegment mapped = map(bytes);
        if (mapped == null) return arena.allocate(bytes, 64);
        long length = mappedLength(bytes);
        long start = mapped.address();
        long aligned = alignUp(start, HUGE_PAGE);
        advise(aligned, length - HUGE_PAGE);
        // The cleanup runs once, when the arena closes; it captures the mapping, not the segment.
        return MemorySegment.ofAddress(aligned).reinterpret(bytes, arena, s -> unmap(start, length));
    }

    /** Bytes mapped for a region of {@code bytes}: whole huge pages plus one of slack for the alignment. */
    static long mappedLength(long bytes) {
        return alignUp(bytes, HUGE_PAGE) + HUGE_PAGE;
    }

    static long alignUp(long value, long alignment) {
        return (value + alignment - 1) & -alignment;
    }

    /** The fresh mapping's start, or null if {@code mmap} failed. */
    private static MemorySegment map(long bytes) {
        try (Arena call = Arena.ofConfined()) {
            CallState state = CallState.allocate(call);
            MemorySegment p = (MemorySegment) MMAP.handle().invokeExact(state.segment(), MemorySegment.NULL,
                    mappedLength(bytes), PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0L);
            return p.address() == -1L || p.address() == 0L ? null : p; // MAP_FAILED
        } catch (Throwable t) {
            return null;
        }
    }

    /** MADV_HUGEPAGE over {@code length} bytes at {@code address}; a refusal leaves ordinary pages. */
    private static void advise(long address, long length) {
        try (Arena call = Arena.ofConfined()) {
            CallState state = CallState.allocate(call);
            int ignored = (int) MADVISE.handle().invokeExact(state.segment(), MemorySegment.ofAddress(address), length,
                    MADV_HUGEPAGE);
        } catch (Throwable t) {
            // A hint only: the region works on ordinary pages.
        }
    }

    private static void unmap(long address, long length) {
        try (Arena call = Arena.ofConfined()) {
            CallState state = CallState.allocate(call);
            int ignored = (int) MUNMAP.handle().invokeExact(state.segment(), MemorySegment.ofAddress(address), length);
        } catch (Throwable t) {
            throw new IllegalStateException("munmap failed", t);
        }
    }
}
